using SecureAgg.Actors.Cluster;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Cluster;

/// <summary>Planning the next session: its parameters from the task and settings, or why none can run.</summary>
public sealed class SessionOpeningSpecs
{
    private static ClusterServerSettings Settings(long frame = 64 << 20) =>
        new(2, TimeSpan.FromSeconds(60), 0, 100, 16, null, null, TimeSpan.FromSeconds(7), Seed: 42, MaximumFrameSize: frame);

    private static SessionMember[] Members(int n) =>
        Enumerable.Range(1, n).Select(i => new SessionMember(i, $"c{i}", $"akka.tcp://secagg@10.0.0.{i}:4054/user/clients/client-1#{i}")).ToArray();

    [Fact]
    public void A_session_over_the_members_has_the_tasks_shape_and_the_settings_defaults()
    {
        var members = Members(5);

        var opened = SessionOpening.Plan(Settings(), new SimulatedInputTask(100, 16), index: 3, members).Opened;

        Assert.NotNull(opened);
        Assert.Equal(3, opened.Index);
        Assert.Equal(ProtocolParameters.WithDefaults(5, 100, 16), opened.Parameters);
        Assert.Equal(members, opened.Members);
        Assert.Equal(42, opened.InputSeed);
        Assert.Equal(TimeSpan.FromSeconds(7), opened.RoundTimeout);
        Assert.Equal(32, opened.GraphSeed.Length);
    }

    [Fact]
    public void Each_session_gets_its_own_id_and_graph_seed()
    {
        var (a, b) = (SessionOpening.Plan(Settings(), new SimulatedInputTask(100, 16), 1, Members(3)).Opened!,
            SessionOpening.Plan(Settings(), new SimulatedInputTask(100, 16), 1, Members(3)).Opened!);

        Assert.NotEqual(a.Session, b.Session);
        Assert.NotEqual(a.GraphSeed, b.GraphSeed);
    }

    [Fact]
    public void Messages_larger_than_the_frame_size_are_a_problem_before_the_session_opens()
    {
        var opening = SessionOpening.Plan(Settings(frame: 1000), new SimulatedInputTask(100_000, 32), 1, Members(3));

        Assert.Null(opening.Opened);
        Assert.Contains("raise the frame size", opening.Problem);
    }

    [Fact]
    public void A_shape_the_protocol_refuses_is_a_problem_naming_the_session_size()
    {
        // b = 2 bits is below the protocol's minimum word size.
        var opening = SessionOpening.Plan(Settings(), new SimulatedInputTask(100, 2), 1, Members(3));

        Assert.Null(opening.Opened);
        Assert.StartsWith("cannot run a session of 3 clients: ", opening.Problem);
    }
}
