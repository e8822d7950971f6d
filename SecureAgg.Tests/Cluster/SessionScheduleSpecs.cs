using SecureAgg.Actors.Cluster;

namespace SecureAgg.Tests.Cluster;

/// <summary>When sessions open and when the run is done.</summary>
public sealed class SessionScheduleSpecs
{
    private static readonly SessionSchedule ThreeOfThree = new(MinClients: 3, JoinTimeout: TimeSpan.FromSeconds(60), Sessions: 3);

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(7, true)]
    public void A_session_opens_once_the_minimum_registered(int registered, bool opens) => Assert.Equal(opens, ThreeOfThree.CanOpen(registered));

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void The_run_is_done_after_its_sessions(int completed, bool done) => Assert.Equal(done, ThreeOfThree.AllDone(completed, taskDone: false));

    [Fact]
    public void The_run_is_done_when_the_task_is_whatever_the_count() => Assert.True(ThreeOfThree.AllDone(0, taskDone: true));

    [Fact]
    public void Zero_sessions_means_no_limit() => Assert.False((ThreeOfThree with { Sessions = 0 }).AllDone(1000, taskDone: false));

    [Fact]
    public void Missing_the_join_deadline_says_how_many_came_of_how_many_within_what() =>
        Assert.Equal("only 2 of the 3 clients needed registered within 60 s", ThreeOfThree.MissedJoinDeadline(2, sessionOpen: false));

    [Fact]
    public void The_join_deadline_does_not_matter_once_enough_registered() => Assert.Null(ThreeOfThree.MissedJoinDeadline(3, sessionOpen: false));

    [Fact]
    public void The_join_deadline_does_not_matter_while_a_session_runs() => Assert.Null(ThreeOfThree.MissedJoinDeadline(1, sessionOpen: true));

    [Fact]
    public void The_schedule_is_the_server_settings()
    {
        var settings = new ClusterServerSettings(4, TimeSpan.FromSeconds(9), 2, 10, 16, null, null, TimeSpan.FromSeconds(1), 1, 1 << 20);

        Assert.Equal(new SessionSchedule(4, TimeSpan.FromSeconds(9), 2), SessionSchedule.Of(settings));
    }
}
