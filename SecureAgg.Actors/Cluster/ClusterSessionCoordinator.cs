using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The server node's session coordinator. Client agents find it through distributed pub-sub and register; once
/// enough have registered it opens a session over all of them, journals the session (members, parameters, graph
/// seed) before anyone hears of it, and runs it with a <see cref="ServerSessionActor"/> whose own journal holds the
/// rounds. A server restarted from the same journal rejoins the cluster through the open session's client nodes,
/// resumes that session (the session actor replays its rounds) and sends every member its assignment again. The
/// actor persists and routes; the decisions are pure pieces: <see cref="CoordinatorState"/> (what the journal says),
/// <see cref="ClientRoster{TAgent}"/>, <see cref="SessionSchedule"/>, <see cref="SessionOpening"/>,
/// <see cref="SessionLaunch"/>, <see cref="AbortPolicy"/> and the task's journalled state (<see cref="IServerSessionTask"/>).
/// What the task evaluates runs in its evaluator, a child on the CPU dispatcher: a session's end is journalled once
/// the evaluator answers, the coordinator serving on meanwhile. It reports to the host by message only (<see cref="CoordinatorReports"/>).
/// Every control message to a client is signed for that client and this run (<see cref="ServerSigner"/>); a client
/// registers by signing a fresh challenge with its enrolled key (<see cref="RegistrationChallenges{TAgent}"/>,
/// <see cref="Enrolment"/>). Its journal and the sessions' are sealed (<see cref="ClusterServerSettings.Integrity"/>): a
/// journal that fails its check stops the server. A journal outage within the budget is a slow write
/// (<see cref="JournalOutagePolicy"/>); a longer one fails the session in progress, and the coordinator waits for the
/// journal before it goes on (<see cref="WaitForJournal"/>).
/// </summary>
public sealed class ClusterSessionCoordinator : SealedPersistentActor, IWithTimers
{
    private const string JoinTimer = "join-deadline";

    private readonly ClusterServerSettings _settings;
    private readonly IServerSessionTask _task;
    private readonly CoordinatorReports _reports;
    private readonly SessionSchedule _schedule;
    private readonly AbortPolicy _abortPolicy = AbortPolicy.Default;
    private readonly ClientRoster<IActorRef> _roster;
    private readonly Enrolment _enrolment;
    private readonly ServerSigner _signer;
    private readonly RegistrationChallenges<IActorRef> _challenges;
    private readonly IActorRef _evaluator;
    private CoordinatorState _state = CoordinatorState.Initial;

    // The running session, not journalled (its actor journals its rounds): whether it was resumed, its rounds and clock.
    private IActorRef _sessionActor = ActorRefs.Nobody;
    private bool _resumed;
    private readonly List<RoundClosedNotice> _rounds = [];
    private readonly Stopwatch _sessionClock = new();
    // A finished session the evaluator works on; its end is journalled with the answer.
    private SessionEnding? _ending;

    public ClusterSessionCoordinator(ClusterServerSettings settings, IServerSessionTask task, IActorRef reports)
        : base(settings.Integrity())
    {
        _settings = settings;
        _task = task;
        _reports = new CoordinatorReports(Context.GetLogger(), reports);
        _schedule = SessionSchedule.Of(settings);
        if (settings.Mode == SecurityMode.Active && (settings.Trusted is null || settings.OpenEnrolment))
            throw new ArgumentException("An active-mode server needs the trusted keys, and closed enrolment.");
        _signer = ServerSigner.Start(settings.Identity ?? throw new ArgumentException("The server needs its identity key (--identity)."), settings.Name);
        _enrolment = new Enrolment(settings.Trusted, settings.OpenEnrolment);
        _roster = new ClientRoster<IActorRef>(_enrolment);
        _challenges = new RegistrationChallenges<IActorRef>(settings.ChallengeLifetime ?? ClusterServerSettings.DefaultChallengeLifetime);
        _evaluator = Context.Watch(Context.ActorOf(task.Evaluator().OnCpuDispatcher(Context.System), "evaluator"));

        RecoverSealed<IClusterJournalEvent>(journalled => _state = _state.Apply(journalled));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        // Until this node is Up nothing can reach it; anything early waits.
        Command<NodeUp>(_ => OnNodeUp());
        Command<SessionEvaluated>(OnResumeEvaluated);
        Command<JoinNow>(join => Join(join.Seeds));
        CommandAny(_ => Stash.Stash());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => _settings.PersistenceId;

    /// <param name="reports">Receives the <see cref="IServerNodeNotice"/>s and <see cref="RoundClosedNotice"/>s (the host's results writer).</param>
    public static Props Props(ClusterServerSettings settings, IServerSessionTask task, IActorRef reports) =>
        Akka.Actor.Props.Create(() => new ClusterSessionCoordinator(settings, task, reports));

    private sealed class NodeUp
    {
        public static readonly NodeUp Instance = new();
    }

    private sealed class JoinDeadline
    {
        public static readonly JoinDeadline Instance = new();
    }

    private sealed record JoinNow(IReadOnlyList<Address> Seeds);

    private bool AllDone => _schedule.AllDone(_state.CompletedSessions, _task.IsDone);

    /// <summary>Persists, then applies the event to the state exactly as a replay would, then carries on.</summary>
    private void PersistThenApply<TEvent>(TEvent journalled, Action<TEvent> then) where TEvent : IClusterJournalEvent =>
        PersistSealed(journalled, persisted =>
        {
            _state = _state.Apply(persisted);
            then(persisted);
        });

    private void OnRecovered()
    {
        try
        {
            _task.Restore(_state.TaskState ?? []);
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            // E.g. a journal written by a simulated run, restarted with --train: refuse rather than crash-loop.
            Become(Done);
            _reports.Stopped($"the journal's state does not fit this server's task ({_task.Description}): {error.Message} Use another --name or journal.");
            return;
        }
        if (_task.Resumed() is { } evaluation)
            _evaluator.Tell(evaluation);
        else
            JoinCluster();
    }

    /// <summary>What the journalled task state means to the host, told before the node joins (so before the run can end).</summary>
    private void OnResumeEvaluated(SessionEvaluated evaluated)
    {
        if (!Sender.Equals(_evaluator))
            return;
        if (evaluated.Report is { } report)
            _reports.Tell(report);
        JoinCluster();
    }

    private void JoinCluster()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var seeds = _state.ClientNodes.SeedsFor(cluster.SelfAddress, _state.Open);
        if (seeds.Count == 1)
        {
            Join(seeds);
            return;
        }
        // A restarted server holds its previous incarnation's address. If it joins while a client node is still
        // removing that incarnation, Akka's quarantine of the old one can cut that node off from the new one, and the
        // node is lost (seen in containers: 3 restarts of 3). So the server waits until the client nodes have
        // downed and removed it by themselves.
        var delay = _settings.RejoinDelay ?? ServerAuthorityDowningProvider.ServerRemovalTime(Context.System);
        _reports.Rejoining(seeds.Count - 1, _state.Open?.Index, delay);
        if (delay <= TimeSpan.Zero)
            Join(seeds);
        else
            Timers.StartSingleTimer(nameof(JoinNow), new JoinNow(seeds), delay);
    }

    private void Join(IReadOnlyList<Address> seeds)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var self = Self;
        cluster.RegisterOnMemberUp(() => self.Tell(NodeUp.Instance));
        cluster.JoinSeedNodes(seeds);
    }

    private void OnNodeUp()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Put(Self));
        if (_enrolment.IsOpen)
            _reports.OpenEnrolment();
        _reports.Tell(new ServerRunStarted(_state.Continuing, _state.FinishedRuns));
        Become(Active);
        Stash.UnstashAll();
        if (AllDone)
        {
            // Crashed after the last session but before stopping cleanly: nothing is left to run.
            _reports.AllDoneBeforeRestart(_settings.Sessions);
            StopCleanly();
            return;
        }
        if (_state.Open is { } open)
        {
            // Members of the open session are registered by definition; their agents were watched by the old server.
            var agents = open.Members.Select(member => (Agent: Resolve(member.ActorPath), member.Name)).ToArray();
            foreach (var (agent, name) in agents)
                Enrol(agent, name, _roster.Admit(agent, name), announce: false);
            RememberNodes(agents.Select(member => member.Agent.Path.Address));
            _resumed = true;
            StartSession(open, resumed: true);
            return;
        }
        TryOpenSession();
    }

    private void Active()
    {
        Command<RegistrationRequest>(OnRegistrationRequest);
        Command<RegistrationProof>(OnRegistrationProof);
        Command<Terminated>(OnTerminated);
        // Only this node's own session actor reports on a session: nobody else in the cluster can end one.
        Command<RoundClosedNotice>(notice =>
        {
            if (_state.Open is null || notice.Session != _state.Open.Session || !Sender.Equals(_sessionActor))
                return;
            _rounds.Add(notice);
            _reports.Tell(notice);
        });
        Command<AggregationCompleted>(done =>
        {
            if (Sender.Equals(_sessionActor))
                Finish(done.Session, done.Aggregate, null, done.Survivors, done.Recovered);
        });
        Command<AggregationAborted>(aborted =>
        {
            if (Sender.Equals(_sessionActor))
                Finish(aborted.Session, null, aborted.Reason, aborted.Survivors, aborted.Recovered);
        });
        Command<SessionEvaluated>(OnEvaluated);
        Command<GoOnAfterJournal>(after => GoOn(after.Open, after.Result));
        Command<MessageIgnoredNotice>(_reports.Ignored);
        Command<ClientRefusedNotice>(_reports.Refused);
        Command<JoinDeadline>(_ => OnJoinDeadline());
        Command<SubscribeAck>(_ => { });
    }

    private void Done()
    {
        Command<RegistrationRequest>(request => _reports.RegisteredTooLate(request.Name));
        Command<RegistrationProof>(_ => { });
        Command<Terminated>(_ => { });
        CommandAny(_reports.IgnoredAfterTheEnd);
    }

    /// <summary>A client wants to register: a fresh challenge for its name, signed for it, if the name may register at all.</summary>
    private void OnRegistrationRequest(RegistrationRequest request)
    {
        if (_roster.Refusal(request.Name) is { } refusal)
        {
            _reports.Refused(refusal, request.Name, Sender.Path);
            return;
        }
        if (_challenges.Issue(Sender, request.Name, request.Nonce, DateTimeOffset.UtcNow) is not { } challenge)
        {
            _reports.Refused(Admission.TooManyPending, request.Name, Sender.Path);
            return;
        }
        Sender.Tell(_signer.Seal(new RegistrationChallenge(request.Name, request.Nonce, challenge), request.Name));
    }

    /// <summary>
    /// A client's answer: admitted if it answers a live challenge of this agent and, for an enrolled name, is signed
    /// with the enrolled key for this server, run and the agent's node. A member of the open session registering again
    /// (the server restarted, or another server-role node came up) gets its assignment again.
    /// </summary>
    private void OnRegistrationProof(RegistrationProof proof)
    {
        var check = _challenges.Redeem(Sender, proof.Name, proof.Challenge, DateTimeOffset.UtcNow);
        if (check != ChallengeCheck.Valid)
        {
            _reports.Refused(check == ChallengeCheck.Expired ? Admission.ExpiredChallenge : Admission.UnknownChallenge, proof.Name, Sender.Path);
            return;
        }
        if (_enrolment.KeyOf(proof.Name) is { } key && !_signer.Verifies(proof, key, NodeOf(Sender)))
        {
            _reports.Refused(Admission.WrongKey, proof.Name, Sender.Path);
            return;
        }
        if (!Enrol(Sender, proof.Name, _roster.Register(Sender, proof.Name), announce: true))
            return;
        RememberNodes([Sender.Path.Address]);
        Sender.Tell(_signer.Seal(new ClientRegistered(proof.Name), proof.Name));
        if (_state.Open is not { } open)
        {
            TryOpenSession();
            return;
        }
        if (!_sessionActor.IsNobody() && open.Members.FirstOrDefault(m => m.Name == proof.Name && Resolve(m.ActorPath).Equals(Sender)) is { } member)
            Sender.Tell(_signer.Seal(SessionLaunch.AssignmentFor(open, member, _sessionActor), member.Name));
    }

    /// <summary>The address of the node an agent runs on, as that node itself names it (what the client signed).</summary>
    private string NodeOf(IActorRef agent) =>
        (agent.Path.Address.HasLocalScope ? ((ExtendedActorSystem)Context.System).Provider.DefaultAddress : agent.Path.Address).ToString();

    /// <summary>Acts on the roster's admission: watches a new agent, logs a refusal; true when the agent is registered.</summary>
    private bool Enrol(IActorRef agent, string name, Admission admission, bool announce)
    {
        if (_reports.Refused(admission, name, agent.Path))
            return false;
        if (admission == Admission.AlreadyRegistered)
            return true;
        Context.Watch(agent);
        if (announce)
            _reports.Joined(name, _roster.Count, sessionOpen: _state.Open is not null);
        return true;
    }

    /// <summary>Journals client nodes not known yet, so a restarted server can rejoin through them.</summary>
    private void RememberNodes(IEnumerable<Address> nodes)
    {
        foreach (var node in nodes.Distinct().Where(node => !_state.ClientNodes.Contains(node)))
            PersistThenApply(new ClientNodeSeen(node.ToString()), _ => { });
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_evaluator))
        {
            Stop("the task's evaluator stopped");
            return;
        }
        if (terminated.ActorRef.Equals(_sessionActor))
        {
            if (_state.Open is { } open)
                Finish(open.Session, null, new ServerFailed("the server session actor stopped before finishing (journal failure?)"), [], _resumed);
            return;
        }
        // Its node was downed (killed, partitioned): within an open session it is simply a dropout.
        if (_roster.Leave(terminated.ActorRef, out var name))
            _reports.Left(name, _roster.Count);
    }

    private void TryOpenSession()
    {
        if (!_schedule.CanOpen(_roster.Count))
        {
            if (!Timers.IsTimerActive(JoinTimer))
                Timers.StartSingleTimer(JoinTimer, JoinDeadline.Instance, _schedule.JoinTimeout);
            return;
        }
        Timers.Cancel(JoinTimer);
        var members = _roster.InNameOrder(_settings.SessionCap(_task))
            .Select((client, i) => new SessionMember(i + 1, client.Name, Akka.Serialization.Serialization.SerializedActorPath(client.Agent)))
            .ToArray();
        var opening = SessionOpening.Plan(_settings, _task, _state.NextIndex, members);
        if (opening.Opened is not { } opened)
        {
            Stop(opening.Problem ?? "no session could be planned");
            return;
        }
        PersistThenApply(opened, persisted =>
        {
            _resumed = false;
            StartSession(persisted, resumed: false);
        });
    }

    private void StartSession(ClusterSessionOpened opened, bool resumed)
    {
        var settings = SessionLaunch.SettingsFor(_settings, opened, Integrity, out var untrusted);
        if (untrusted is not null)
            _reports.Untrusted(opened.Index, untrusted);
        var clients = opened.Members.ToDictionary(member => member.Id, member => Resolve(member.ActorPath));
        _rounds.Clear();
        _sessionClock.Restart();
        _sessionActor = Context.ActorOf(ServerSessionActor.Props(settings, clients, Self).OnCpuDispatcher(Context.System), $"session-{opened.Index}-{opened.Session}");
        Context.Watch(_sessionActor);
        // A resumed session's members hear of it when they register again, which they do when this node comes up:
        // before that they hold the previous run's incarnation and would ignore what this run signs.
        if (!resumed)
        {
            foreach (var member in opened.Members)
                clients[member.Id].Tell(_signer.Seal(SessionLaunch.AssignmentFor(opened, member, _sessionActor), member.Name));
        }
        _reports.Opened(opened, resumed);
    }

    /// <summary>Hands the finished session to the task, then to its evaluator if the task has something to evaluate.</summary>
    private void Finish(SessionId session, ulong[]? aggregate, ProtocolError? abort, IReadOnlyList<int[]> survivors, bool recovered)
    {
        if (_state.Open is not { } open || open.Session != session || _ending is not null)
            return;
        Context.Unwatch(_sessionActor);
        Context.Stop(_sessionActor);
        _sessionActor = ActorRefs.Nobody;
        var step = SessionTaskStep.Of(_task, open, aggregate, abort, survivors);
        var ending = new SessionEnding(open, aggregate, abort, survivors, _rounds.ToArray(), recovered || _resumed, step.Outcome);
        if (step.Evaluation is { } evaluation)
        {
            _ending = ending;
            _evaluator.Tell(evaluation);
            return;
        }
        End(ending, null);
    }

    private void OnEvaluated(SessionEvaluated evaluated)
    {
        if (!Sender.Equals(_evaluator) || _ending is not { } ending)
            return;
        _ending = null;
        _task.Evaluated(evaluated);
        End(ending with { Outcome = evaluated.Outcome ?? ending.Outcome }, evaluated.Report);
    }

    /// <summary>Journals the session's end with the task's state, tells its members and the host, and goes on.</summary>
    private void End(SessionEnding ending, IServerNodeNotice? report)
    {
        var (open, result) = (ending.Opened, ending.Result(_sessionClock.Elapsed));
        var ended = new ClusterSessionEnded(open.Index, open.Session, result.Completed, _task.State());
        // A session actor that stopped without a word (its Terminated can overtake its report) may have lost its
        // journal just as well: both wait until the journal works before its end is journalled.
        if (ending.Abort is JournalUnavailable or ServerFailed)
        {
            // Members and host hear of the failure now; its end is journalled once the journal works again.
            Announce(open, result, report);
            WaitForJournal(ending.Abort.Message, () => PersistThenApply(ended, _ =>
            {
                Prune(open);
                // After what was stashed while waiting (registrations, nodes that left): they are handled first.
                Self.Tell(new GoOnAfterJournal(open, result));
            }));
            return;
        }
        PersistThenApply(ended, _ =>
        {
            Prune(open);
            Announce(open, result, report);
            GoOn(open, result);
        });
    }

    // Journalled as ended, the session is never resumed: its summary is all its journal needs to keep (a stream
    // without one, e.g. of a session the journal failed, is left whole).
    private void Prune(ClusterSessionOpened open) =>
        Context.ActorOf(SessionJournalPruner.Props(ServerSessionSettings.PersistenceIdOf(open.Session), Integrity).OnCpuDispatcher(Context.System),
            $"pruner-{open.Index}-{open.Session}");

    private void Announce(ClusterSessionOpened open, ClusterSessionResult result, IServerNodeNotice? report)
    {
        var outcome = result.Completed ? "completed" : $"aborted: {result.AbortReason?.Message}";
        foreach (var member in open.Members)
            Resolve(member.ActorPath).Tell(_signer.Seal(new SessionEnded(open.Session, result.Completed, outcome), member.Name));
        _reports.Tell(result);
        if (report is not null)
            _reports.Tell(report);
    }

    private sealed record GoOnAfterJournal(ClusterSessionOpened Open, ClusterSessionResult Result);

    private void GoOn(ClusterSessionOpened open, ClusterSessionResult result)
    {
        // The session's journal failed its check: someone altered the server's journal, or it runs with the wrong key.
        if (result.AbortReason is RecoveryRefused refused)
            Stop($"session #{open.Index}: {refused.Reason}", infrastructure: true);
        else if (AllDone)
            StopCleanly();
        else if (_abortPolicy.GiveUp(_state.ConsecutiveAborts, result.AbortReason?.Message) is { } reason)
            Stop(reason, infrastructure: result.AbortReason is IInfrastructureFailure);
        else
            TryOpenSession();
    }

    private void StopCleanly()
    {
        Become(Done);
        PersistThenApply(ClusterServerStopped.Instance, _ =>
        {
            TellClientsFinished(null);
            _reports.Stopped(null);
        });
    }

    /// <summary>A leave with this notice is final; without it (a stop, a crash) client nodes wait for the server to return.</summary>
    private void TellClientsFinished(string? error)
    {
        foreach (var (agent, name) in _roster.Registered)
            agent.Tell(_signer.Seal(new ServerFinished(error), name));
    }

    private void OnJoinDeadline()
    {
        if (_schedule.MissedJoinDeadline(_roster.Count, _state.Open is not null) is { } missed)
            Stop(missed);
    }

    private void Stop(string error, bool infrastructure = false)
    {
        Become(Done);
        TellClientsFinished(error);
        _reports.Stops(error, infrastructure);
    }

    // A journalled path in this node's scheme (the journal may predate a change between plain TCP and TLS).
    private IActorRef Resolve(string path) => ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(
        RemotingScheme.As(path, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.Protocol));

    // Akka stops the coordinator after a failed write: the server cannot go on without its own journal.
    protected override void OnJournalUnavailable(string reason)
    {
        Become(Done);
        TellClientsFinished($"the server's journal failed: {reason}");
        _reports.JournalFailed(reason);
    }

    protected override void OnRecoveryRefused(string reason) => _reports.JournalUnreadable(reason);

    /// <summary>
    /// The journal failed the session that just ended: before writing its end (and opening the next) the coordinator
    /// proves the journal works again with a probe (each retried through one outage budget by the plugin), pausing
    /// <see cref="JournalRetryInterval"/> between probes, until ten budgets have passed, stashing everything else
    /// meanwhile; the nodes stay up. A journal still gone after that stops the server.
    /// </summary>
    private void WaitForJournal(string reason, Action then)
    {
        var limit = _settings.JournalOutage * 10;
        var waited = Stopwatch.StartNew();
        _reports.Tell(new JournalWaitNotice(reason, limit));
        var nonce = "";
        void Probe(bool write)
        {
            if (write)
                nonce = Guid.NewGuid().ToString("N");
            Context.ActorOf(JournalProbeActor.Props(nonce, write, Self, $"{JournalProbeActor.Id}-{_settings.Name}"));
        }
        var writing = true;
        Become(() =>
        {
            Command<JournalProbeResult>(result =>
            {
                if (result.Failure is null && writing)
                {
                    writing = false;
                    Probe(write: false);
                    return;
                }
                if (result.Failure is null)
                {
                    _reports.Tell(new JournalBackNotice(waited.Elapsed));
                    Become(Active);
                    Stash.UnstashAll();
                    then();
                    return;
                }
                if (waited.Elapsed >= limit)
                {
                    Become(Done);
                    TellClientsFinished("the server's journal is unavailable");
                    _reports.Stops($"the journal stayed unavailable for {waited.Elapsed.TotalSeconds:0} s: {result.Failure}", infrastructure: true);
                    return;
                }
                writing = true;
                Timers.StartSingleTimer(JournalRetryTimer, RetryJournal.Instance, JournalRetryInterval);
            });
            Command<RetryJournal>(_ => Probe(write: true));
            CommandAny(_ => Stash.Stash());
        });
        Probe(write: true);
    }

    private const string JournalRetryTimer = "journal-retry";

    private static readonly TimeSpan JournalRetryInterval = TimeSpan.FromSeconds(2);

    private sealed class RetryJournal
    {
        public static readonly RetryJournal Instance = new();
    }
}
