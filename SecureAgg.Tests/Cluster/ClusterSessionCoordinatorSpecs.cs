using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;
using SecureAgg.Persistence;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// The coordinator as one node of its own cluster, its clients and its host played by test probes: what it reports
/// by message, after a replay, at the join deadline, and when sessions keep aborting.
/// </summary>
public sealed class ClusterSessionCoordinatorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "coordinator-specs", output)
{
    // Generous: the whole suite shares two cores.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Config Config =>
        ConfigurationFactory.ParseString("akka.loglevel = INFO")
            .WithFallback(ClusterAkkaConfig.For(ClusterAkkaConfig.ServerRole, "127.0.0.1", null, 0, null))
            .WithFallback(SecAggActorConfig.Serialization())
            .WithFallback(JournalTarget.Parse("memory").ToConfig());

    private static ClusterServerSettings Settings(int minClients = 2, int sessions = 0, TimeSpan? joinTimeout = null) =>
        new(minClients, joinTimeout ?? TimeSpan.FromSeconds(60), sessions, 10, 16, null, null, TimeSpan.FromMilliseconds(300), 1, 64 << 20,
            Name: $"specs-{Guid.NewGuid():N}");

    /// <summary>Simulated inputs, with a journalled state it can refuse to restore.</summary>
    private sealed class SpecTask(bool refuseState = false) : IServerSessionTask
    {
        private readonly SimulatedInputTask _inputs = new(10, 16);

        public string Description => "specs";

        public int? MaxClients => null;

        public bool IsDone => false;

        public (int VectorLength, int Bits) Shape(int clientCount) => _inputs.Shape(clientCount);

        public byte[] Payload() => [];

        public SessionTaskOutcome Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors) => _inputs.Complete(opened, aggregate, survivors);

        public void Skipped(ClusterSessionOpened opened, string reason)
        {
        }

        public byte[] State() => [];

        public void Restore(byte[] state)
        {
            if (refuseState)
                throw new FormatException("not a state of this task.");
        }
    }

    /// <summary>Writes a journal as a crashed coordinator left it, then says so.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, IReadOnlyList<IClusterJournalEvent> events, IActorRef done)
        {
            PersistenceId = persistenceId;
            Recover<object>(_ => { });
            Command<string>(write =>
            {
                PersistAll(events, _ => { });
                DeferAsync(write, _ => done.Tell("written"));
            });
        }

        public override string PersistenceId { get; }
    }

    private IActorRef Start(ClusterServerSettings settings, TestProbe reports, bool refuseState = false) =>
        Sys.ActorOf(ClusterSessionCoordinator.Props(settings, new SpecTask(refuseState), reports.Ref), ClusterServerSettings.CoordinatorName);

    /// <summary>Everything the host hears, up to and including the stop notice.</summary>
    private static List<object> UntilStopped(TestProbe reports)
    {
        var heard = new List<object>();
        while (heard.LastOrDefault() is not ServerNodeStopped)
            heard.Add(reports.ReceiveOne(Patience) ?? throw new TimeoutException($"no stop notice after {string.Join(", ", heard.Select(m => m.GetType().Name))}"));
        return heard;
    }

    [Fact]
    public void A_journal_whose_task_state_does_not_fit_stops_the_node_with_the_reason()
    {
        var reports = CreateTestProbe();

        Start(Settings(), reports, refuseState: true);

        var stopped = reports.ExpectMsg<ServerNodeStopped>(Patience);
        Assert.Contains("does not fit this server's task (specs): not a state of this task.", stopped.Error);
    }

    [Fact]
    public void A_server_restarted_after_its_last_session_continues_the_run_and_stops_cleanly_without_opening_one()
    {
        var settings = Settings(sessions: 1);
        var opened = SessionOpening.Plan(settings, new SpecTask(), 1, [new SessionMember(1, "a", "akka://x/user/a#1"), new SessionMember(2, "b", "akka://x/user/b#2")]).Opened!;
        var written = CreateTestProbe();
        IClusterJournalEvent[] journal = [opened, new ClusterSessionEnded(1, opened.Session, true, [])];
        var writer = Sys.ActorOf(Props.Create(() => new JournalWriter(settings.PersistenceId, journal, written.Ref)));
        writer.Tell("write");
        written.ExpectMsg("written", Patience);
        var reports = CreateTestProbe();

        Start(settings, reports);

        var heard = UntilStopped(reports);
        Assert.Equal(new object[] { new ServerRunStarted(Continuing: true), new ServerNodeStopped(null) }, heard);
    }

    [Fact]
    public void Too_few_clients_by_the_join_deadline_stop_the_node_and_tell_the_registered_ones()
    {
        var reports = CreateTestProbe();
        var agent = CreateTestProbe();
        var coordinator = Start(Settings(minClients: 3, joinTimeout: TimeSpan.FromMilliseconds(500)), reports);
        reports.ExpectMsg<ServerRunStarted>(Patience);

        agent.Send(coordinator, new RegisterClient("a"));

        agent.ExpectMsg<ClientRegistered>(Patience);
        var heard = UntilStopped(reports);
        Assert.Equal(new ClientJoined("a", 1), heard[0]);
        Assert.StartsWith("only 1 of the 3 clients needed registered within ", ((ServerNodeStopped)heard[^1]).Error);
        Assert.StartsWith("only 1 of the 3", agent.ExpectMsg<ServerFinished>(Patience).Error);
    }

    [Fact]
    public void Sessions_aborting_three_times_in_a_row_stop_the_node_with_the_abort_policys_reason()
    {
        var reports = CreateTestProbe();
        var (a, b) = (CreateTestProbe(), CreateTestProbe());
        var coordinator = Start(Settings(), reports);
        reports.ExpectMsg<ServerRunStarted>(Patience);

        // Registered clients that never answer: every session aborts at its first deadline.
        a.Send(coordinator, new RegisterClient("a"));
        b.Send(coordinator, new RegisterClient("b"));

        var heard = UntilStopped(reports);
        Assert.Equal(new object[] { new ClientJoined("a", 1), new ClientJoined("b", 2) }, heard.Take(2));
        Assert.Equal(new[] { 1, 2, 3 }, heard.OfType<SessionOpenedNotice>().Select(notice => notice.Opened.Index));
        Assert.Equal(new[] { false, false, false }, heard.OfType<ClusterSessionResult>().Select(result => result.Completed));
        Assert.StartsWith("3 sessions in a row aborted", ((ServerNodeStopped)heard[^1]).Error);
    }
}
