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
/// by message, after a replay, at the join deadline, when sessions keep aborting, and while its task's evaluator works.
/// </summary>
public sealed class ClusterSessionCoordinatorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "coordinator-specs", output)
{
    // Generous: the whole suite shares two cores.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Config Config =>
        ConfigurationFactory.ParseString($$"""
                akka.loglevel = INFO
                {{CpuDispatcher.Id}} {
                  type = ForkJoinDispatcher
                  throughput = 1
                  dedicated-thread-pool { thread-count = 2 }
                }
                """)
            .WithFallback(ClusterAkkaConfig.For(ClusterAkkaConfig.ServerRole, "127.0.0.1", null, 0, null))
            .WithFallback(SecAggActorConfig.Serialization())
            .WithFallback(JournalTarget.Parse("memory").ToConfig());

    private static readonly SpecIdentities Keys = SpecIdentities.For("a", "b", "c");

    private static ClusterServerSettings Settings(int minClients = 2, int sessions = 0, TimeSpan? joinTimeout = null) =>
        new(minClients, joinTimeout ?? TimeSpan.FromSeconds(60), sessions, 10, 16, null, null, TimeSpan.FromMilliseconds(300), 1, 64 << 20,
            Name: $"specs-{Guid.NewGuid():N}", Trusted: Keys.Trusted, Identity: Keys.Server);

    /// <summary>
    /// Simulated inputs, with a journalled state it can refuse to restore; with a <paramref name="gate"/>, aborted
    /// sessions (and, if <paramref name="resumed"/>, the restored state) are evaluated by a <see cref="GatedEvaluator"/>.
    /// </summary>
    private sealed class SpecTask(bool refuseState = false, ManualResetEventSlim? gate = null, IActorRef? watcher = null, bool resumed = false)
        : IServerSessionTask
    {
        private readonly SimulatedInputTask _inputs = new(10, 16);

        public string Description => "specs";

        public int? MaxClients => null;

        public bool IsDone => false;

        public (int VectorLength, int Bits) Shape(int clientCount) => _inputs.Shape(clientCount);

        public byte[] Payload() => [];

        public SessionTaskStep Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors) => _inputs.Complete(opened, aggregate, survivors);

        public SessionTaskStep Skipped(ClusterSessionOpened opened, string reason) =>
            gate is null ? SessionTaskStep.Done(null) : SessionTaskStep.Evaluate(new SpecEvaluation(opened.Index));

        public void Evaluated(SessionEvaluated evaluated)
        {
        }

        public ISessionEvaluation? Resumed() => resumed ? new SpecEvaluation(0) : null;

        public Props Evaluator() => gate is null ? _inputs.Evaluator() : Props.Create(() => new GatedEvaluator(gate, watcher ?? ActorRefs.Nobody));

        public byte[] State() => [];

        public void Restore(byte[] state)
        {
            if (refuseState)
                throw new FormatException("not a state of this task.");
        }
    }

    private sealed record SpecEvaluation(int Index) : ISessionEvaluation;

    private sealed record SpecReport(int Index) : IServerNodeNotice;

    private sealed record Evaluating(int Index, string Dispatcher);

    /// <summary>Says it started evaluating (and on which dispatcher), then holds its thread until the gate opens.</summary>
    private sealed class GatedEvaluator(ManualResetEventSlim gate, IActorRef watcher) : SessionEvaluator<SpecEvaluation>
    {
        protected override SessionEvaluated Evaluate(SpecEvaluation evaluation)
        {
            watcher.Tell(new Evaluating(evaluation.Index, Context.Props.Dispatcher));
            gate.Wait();
            return new SessionEvaluated(new SessionTaskOutcome(null, $"evaluated #{evaluation.Index}"), new SpecReport(evaluation.Index));
        }
    }

    /// <summary>Writes a journal as a crashed coordinator left it (sealed under its key), then says so.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, JournalKey key, IReadOnlyList<object> events, IActorRef done)
        {
            PersistenceId = persistenceId;
            Recover<object>(_ => { });
            Command<string>(write =>
            {
                var seal = new JournalSeal(key, Context.System.Serialization);
                PersistAll(events.Select((e, i) => seal.Seal(SealedKind.Event, persistenceId, i + 1, e)), _ => { });
                DeferAsync(write, _ => done.Tell("written"));
            });
        }

        public override string PersistenceId { get; }
    }

    private void Write(string persistenceId, JournalKey key, IReadOnlyList<object> events)
    {
        var written = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new JournalWriter(persistenceId, key, events, written.Ref))).Tell("write");
        written.ExpectMsg("written", Patience);
    }

    private IActorRef Start(ClusterServerSettings settings, TestProbe reports, bool refuseState = false) =>
        Sys.ActorOf(ClusterSessionCoordinator.Props(settings, new SpecTask(refuseState), reports.Ref), ClusterServerSettings.CoordinatorName);

    /// <summary>Everything the host hears, up to and including the stop notice.</summary>
    private static List<object> UntilStopped(TestProbe reports) => Until(reports, heard => heard is ServerNodeStopped);

    /// <summary>Everything the host hears, up to and including the first notice that is <paramref name="last"/>.</summary>
    private static List<object> Until(TestProbe reports, Func<object, bool> last)
    {
        var heard = new List<object>();
        while (heard.Count == 0 || !last(heard[^1]))
            heard.Add(reports.ReceiveOne(Patience) ?? throw new TimeoutException($"not heard after {string.Join(", ", heard.Select(m => m.GetType().Name))}"));
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
        Write(settings.PersistenceId, settings.Integrity().Key, [opened, new ClusterSessionEnded(1, opened.Session, true, [])]);
        var reports = CreateTestProbe();

        Start(settings, reports);

        var heard = UntilStopped(reports);
        Assert.Equal(new object[] { new ServerRunStarted(Continuing: true), new ServerNodeStopped(null) }, heard);
    }

    [Fact]
    public void A_resumed_session_whose_journal_fails_its_integrity_check_ends_without_an_output_and_stops_the_node()
    {
        var settings = Settings(sessions: 2);
        var (a, b) = (CreateTestProbe(), CreateTestProbe());
        SessionMember[] members =
        [
            new(1, "a", Akka.Serialization.Serialization.SerializedActorPath(a.Ref)),
            new(2, "b", Akka.Serialization.Serialization.SerializedActorPath(b.Ref)),
        ];
        var opened = SessionOpening.Plan(settings, new SpecTask(), 1, members).Opened!;
        Write(settings.PersistenceId, settings.Integrity().Key, [opened]);
        // The open session's own journal: a record sealed under some other key than the server's.
        Write($"secagg-session-{opened.Session}", JournalKey.Ephemeral(), [new RoundClosed(SecureAgg.Protocol.ServerPhase.AdvertiseKeys)]);
        var reports = CreateTestProbe();

        Start(settings, reports);

        var heard = UntilStopped(reports);
        var result = heard.OfType<ClusterSessionResult>().Single();
        Assert.False(result.Completed);
        Assert.IsType<RecoveryRefused>(result.AbortReason);
        Assert.Null(result.Aggregate);
        Assert.StartsWith($"session #1: The journal of secagg-session-{opened.Session} fails its integrity check at event 1: its MAC does not verify",
            ((ServerNodeStopped)heard[^1]).Error);
    }

    [Fact]
    public void Too_few_clients_by_the_join_deadline_stop_the_node_and_tell_the_registered_ones()
    {
        var reports = CreateTestProbe();
        var agent = CreateTestProbe();
        var coordinator = Start(Settings(minClients: 3, joinTimeout: TimeSpan.FromMilliseconds(500)), reports);
        reports.ExpectMsg<ServerRunStarted>(Patience);

        Keys.Register(agent, coordinator, "a", Patience);

        Keys.Expect<ClientRegistered>(agent, "a", Patience);
        var heard = UntilStopped(reports);
        Assert.Equal(new ClientJoined("a", 1), heard[0]);
        Assert.StartsWith("only 1 of the 3 clients needed registered within ", ((ServerNodeStopped)heard[^1]).Error);
        Assert.StartsWith("only 1 of the 3", Keys.Expect<ServerFinished>(agent, "a", Patience).Error);
    }

    [Fact]
    public void Sessions_aborting_three_times_in_a_row_stop_the_node_with_the_abort_policys_reason()
    {
        var reports = CreateTestProbe();
        var (a, b) = (CreateTestProbe(), CreateTestProbe());
        var coordinator = Start(Settings(), reports);
        reports.ExpectMsg<ServerRunStarted>(Patience);

        // Registered clients that never answer: every session aborts at its first deadline.
        Keys.Register(a, coordinator, "a", Patience);
        Keys.Register(b, coordinator, "b", Patience);

        var heard = UntilStopped(reports);
        Assert.Equal(new object[] { new ClientJoined("a", 1), new ClientJoined("b", 2) }, heard.Take(2));
        Assert.Equal(new[] { 1, 2, 3 }, heard.OfType<SessionOpenedNotice>().Select(notice => notice.Opened.Index));
        Assert.Equal(new[] { false, false, false }, heard.OfType<ClusterSessionResult>().Select(result => result.Completed));
        Assert.StartsWith("3 sessions in a row aborted", ((ServerNodeStopped)heard[^1]).Error);
    }

    [Fact]
    public void The_coordinator_serves_while_its_evaluator_works_and_journals_the_session_and_goes_on_with_the_answer()
    {
        var gate = new ManualResetEventSlim(false);
        var (reports, evaluator) = (CreateTestProbe(), CreateTestProbe());
        var (a, b, c) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var coordinator = Sys.ActorOf(ClusterSessionCoordinator.Props(Settings(), new SpecTask(gate: gate, watcher: evaluator.Ref), reports.Ref),
            ClusterServerSettings.CoordinatorName);
        try
        {
            reports.ExpectMsg<ServerRunStarted>(Patience);
            Keys.Register(a, coordinator, "a", Patience);
            Keys.Register(b, coordinator, "b", Patience);

            // Nobody answers: session #1 aborts at its first deadline, and its evaluation holds the evaluator's thread.
            Assert.Equal(new Evaluating(1, CpuDispatcher.Id), evaluator.ExpectMsg<Evaluating>(Patience));
            Keys.Register(c, coordinator, "c", Patience);
            Keys.Expect<ClientRegistered>(c, "c", Patience);
            var meanwhile = Until(reports, heard => heard is ClientJoined { Name: "c" });
            Assert.DoesNotContain(meanwhile, heard => heard is ClusterSessionResult);
            Assert.Equal(new[] { 1 }, meanwhile.OfType<SessionOpenedNotice>().Select(notice => notice.Opened.Index));

            gate.Set();

            var after = Until(reports, heard => heard is SessionOpenedNotice);
            var result = Assert.Single(after.OfType<ClusterSessionResult>());
            Assert.Equal((1, false, "evaluated #1"), (result.Index, result.Completed, result.TaskSummary));
            // The evaluator's report follows its session's result, and the next session (with c) opens after both.
            Assert.Equal(new object[] { result, new SpecReport(1) }, after.SkipWhile(heard => heard is not ClusterSessionResult).Take(2));
            var next = (SessionOpenedNotice)after[^1];
            Assert.Equal((2, 3), (next.Opened.Index, next.Opened.Members.Count));
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public void A_restored_task_state_is_evaluated_and_reported_before_the_node_joins()
    {
        var gate = new ManualResetEventSlim(true);
        var reports = CreateTestProbe();

        Sys.ActorOf(ClusterSessionCoordinator.Props(Settings(), new SpecTask(gate: gate, resumed: true), reports.Ref), ClusterServerSettings.CoordinatorName);

        Assert.Equal(new SpecReport(0), reports.ExpectMsg<SpecReport>(Patience));
        reports.ExpectMsg<ServerRunStarted>(Patience);
    }
}
