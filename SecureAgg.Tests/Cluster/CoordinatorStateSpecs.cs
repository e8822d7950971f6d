using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Cluster;

/// <summary>The coordinator's state as its journal rebuilds it, event by event and over a whole replay.</summary>
public sealed class CoordinatorStateSpecs
{
    private const string NodeAddress = "akka.tcp://secagg@10.0.0.2:4054";

    private static ClusterSessionOpened Opened(int index) =>
        new(index, SessionId.New(), new ProtocolParameters(3, 2, 16, 10), new byte[32], 1, TimeSpan.FromSeconds(1),
            [new SessionMember(1, "a", $"{NodeAddress}/user/clients/client-1#1")], []);

    private static ClusterSessionEnded Ended(ClusterSessionOpened opened, bool completed, params byte[] state) => new(opened.Index, opened.Session, completed, state);

    private static CoordinatorState Replay(params IClusterJournalEvent[] journal) => journal.Aggregate(CoordinatorState.Initial, (state, e) => state.Apply(e));

    [Fact]
    public void A_fresh_journal_starts_at_session_one_with_nothing_open()
    {
        var state = CoordinatorState.Initial;

        Assert.Null(state.Open);
        Assert.Equal(1, state.NextIndex);
        Assert.False(state.Continuing);
    }

    [Fact]
    public void An_opened_session_is_open_and_the_next_index_follows_it()
    {
        var opened = Opened(4);

        var state = Replay(opened);

        Assert.Same(opened, state.Open);
        Assert.Equal(5, state.NextIndex);
        Assert.True(state.Continuing);
    }

    [Fact]
    public void An_ended_session_is_closed_counted_and_leaves_the_tasks_state()
    {
        var opened = Opened(1);

        var state = Replay(opened, Ended(opened, completed: true, 7, 8));

        Assert.Null(state.Open);
        Assert.Equal(1, state.CompletedSessions);
        Assert.Equal(new byte[] { 7, 8 }, state.TaskState);
        Assert.True(state.Continuing);
    }

    [Fact]
    public void Aborts_in_a_row_are_counted_and_a_completed_session_resets_the_count()
    {
        var (first, second, third) = (Opened(1), Opened(2), Opened(3));

        var aborted = Replay(first, Ended(first, completed: false), second, Ended(second, completed: false));
        var completed = aborted.Apply(third).Apply(Ended(third, completed: true));

        Assert.Equal(2, aborted.ConsecutiveAborts);
        Assert.Equal(0, completed.ConsecutiveAborts);
    }

    [Fact]
    public void A_seen_client_node_is_known()
    {
        var state = Replay(new ClientNodeSeen(NodeAddress));

        Assert.Equal(NodeAddress, Assert.Single(state.ClientNodes.Addresses).ToString());
    }

    [Fact]
    public void A_clean_stop_starts_the_next_run_afresh_but_session_indexes_go_on()
    {
        var opened = Opened(1);

        var state = Replay(new ClientNodeSeen(NodeAddress), opened, Ended(opened, completed: false, 9), ClusterServerStopped.Instance);

        Assert.False(state.Continuing);
        Assert.Equal(0, state.CompletedSessions);
        Assert.Equal(0, state.ConsecutiveAborts);
        Assert.Null(state.TaskState);
        Assert.Empty(state.ClientNodes.Addresses);
        Assert.Equal(2, state.NextIndex);
    }

    [Fact]
    public void A_crash_mid_session_replays_to_that_session_open_after_the_earlier_ones()
    {
        var (first, second) = (Opened(1), Opened(2));

        var state = Replay(first, Ended(first, completed: true, 1), second);

        Assert.Same(second, state.Open);
        Assert.Equal(1, state.CompletedSessions);
        Assert.Equal(new byte[] { 1 }, state.TaskState);
        Assert.Equal(3, state.NextIndex);
    }
}
