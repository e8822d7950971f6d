using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using SecureAgg.Crypto;
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
/// <see cref="SessionLaunch"/> and <see cref="AbortPolicy"/>. It reports to the host by <see cref="IServerNodeNotice"/>s.
/// </summary>
public sealed class ClusterSessionCoordinator : ReceivePersistentActor, IWithTimers
{
    private const string JoinTimer = "join-deadline";

    private readonly ClusterServerSettings _settings;
    private readonly IServerSessionTask _task;
    private readonly IActorRef _reports;
    private readonly SessionSchedule _schedule;
    private readonly AbortPolicy _abortPolicy = AbortPolicy.Default;
    private readonly ClientRoster<IActorRef> _roster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CoordinatorState _state = CoordinatorState.Initial;

    // The running session, not journalled (its actor journals its rounds): whether it was resumed, its rounds and clock.
    private IActorRef _sessionActor = ActorRefs.Nobody;
    private bool _resumed;
    private readonly List<RoundClosedNotice> _rounds = [];
    private readonly Stopwatch _sessionClock = new();

    public ClusterSessionCoordinator(ClusterServerSettings settings, IServerSessionTask task, IActorRef reports)
    {
        _settings = settings;
        _task = task;
        _reports = reports;
        _schedule = SessionSchedule.Of(settings);
        _roster = new ClientRoster<IActorRef>(settings.Mode == SecurityMode.Active
            ? settings.Trusted ?? throw new ArgumentException("An active-mode server needs the trusted keys.")
            : null);

        Recover<IClusterJournalEvent>(journalled => _state = _state.Apply(journalled));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        // Until this node is Up nothing can reach it; anything early waits.
        Command<NodeUp>(_ => OnNodeUp());
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

    private bool AllDone => _schedule.AllDone(_state.CompletedSessions, _task.IsDone);

    /// <summary>Persists, then applies the event to the state exactly as a replay would, then carries on.</summary>
    private void PersistThenApply<TEvent>(TEvent journalled, Action<TEvent> then) where TEvent : IClusterJournalEvent =>
        Persist(journalled, persisted =>
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
            _reports.Tell(new ServerNodeStopped($"the journal's state does not fit this server's task ({_task.Description}): {error.Message} Use another --name or journal."));
            return;
        }
        JoinCluster();
    }

    private void JoinCluster()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var seeds = _state.ClientNodes.SeedsFor(cluster.SelfAddress, _state.Open);
        if (seeds.Count > 1)
            _log.Info("Restarted with {0} known client node(s){1}; joining the cluster through them", seeds.Count - 1,
                _state.Open is null ? "" : $" and open session #{_state.Open.Index}");
        var self = Self;
        cluster.RegisterOnMemberUp(() => self.Tell(NodeUp.Instance));
        cluster.JoinSeedNodes(seeds);
    }

    private void OnNodeUp()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Put(Self));
        _reports.Tell(new ServerRunStarted(_state.Continuing));
        Become(Active);
        Stash.UnstashAll();
        if (AllDone)
        {
            // Crashed after the last session but before stopping cleanly: nothing is left to run.
            _log.Info("All {0} sessions of this run were done before the restart", _settings.Sessions);
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
        Command<RegisterClient>(OnRegister);
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
        Command<MessageIgnoredNotice>(ignored => _log.Info("Session {0}: ignored a message from client {1}: {2}", ignored.Session, ignored.Sender, ignored.Reason.Message));
        Command<ClientRefusedNotice>(refused => _log.Warning("Session {0}: client {1} refused: {2}", refused.Session, refused.Client, refused.Reason.Message));
        Command<JoinDeadline>(_ => OnJoinDeadline());
        Command<SubscribeAck>(_ => { });
    }

    private void Done()
    {
        Command<RegisterClient>(register => _log.Info("{0} registered after the last session; nothing left to run", register.Name));
        Command<Terminated>(_ => { });
        CommandAny(message => _log.Debug("Ignored {0} after the last session", message.GetType().Name));
    }

    private void OnRegister(RegisterClient register)
    {
        if (!Enrol(Sender, register.Name, _roster.Register(Sender, register.Name), announce: true))
            return;
        RememberNodes([Sender.Path.Address]);
        Sender.Tell(new ClientRegistered(register.Name));
        if (_state.Open is null)
            TryOpenSession();
    }

    /// <summary>Acts on the roster's admission: watches a new agent, logs a refusal; true when the agent is registered.</summary>
    private bool Enrol(IActorRef agent, string name, Admission admission, bool announce)
    {
        switch (admission)
        {
            case Admission.NoName:
                _log.Warning("Refused a registration without a client name from {0}", agent.Path);
                return false;
            case Admission.Untrusted:
                _log.Warning("Refused {0} from {1}: not in the trusted key file", name, agent.Path);
                return false;
            case Admission.NameHeld:
                // A restarted client node's agent is admitted once the old one is gone (it keeps registering until then).
                _log.Warning("Refused {0} from {1}: the name is held by a live agent", name, agent.Path);
                return false;
            case Admission.AlreadyRegistered:
                return true;
        }
        Context.Watch(agent);
        if (announce)
        {
            _log.Info("Client {0} registered ({1} registered){2}", name, _roster.Count, _state.Open is null ? "" : "; it joins the next session");
            _reports.Tell(new ClientJoined(name, _roster.Count));
        }
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
        if (terminated.ActorRef.Equals(_sessionActor))
        {
            if (_state.Open is { } open)
                Finish(open.Session, null, new ServerFailed("the server session actor stopped before finishing (journal failure?)"), [], _resumed);
            return;
        }
        if (_roster.Leave(terminated.ActorRef, out var name))
        {
            // Its node was downed (killed, partitioned): within an open session it is simply a dropout.
            _log.Warning("Client {0} left the cluster ({1} registered)", name, _roster.Count);
            _reports.Tell(new ClientLeft(name, _roster.Count));
        }
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
        var members = _roster.InNameOrder(_task.MaxClients)
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
        var settings = SessionLaunch.SettingsFor(_settings, opened, out var untrusted);
        if (untrusted is not null)
            _log.Warning("Session #{0}: {1} is not in the trusted key file; its messages will be refused", opened.Index, untrusted);
        var clients = opened.Members.ToDictionary(member => member.Id, member => Resolve(member.ActorPath));
        _rounds.Clear();
        _sessionClock.Restart();
        _sessionActor = Context.ActorOf(ServerSessionActor.Props(settings, clients, Self).OnCpuDispatcher(Context.System), $"session-{opened.Index}-{opened.Session}");
        Context.Watch(_sessionActor);
        foreach (var member in opened.Members)
            clients[member.Id].Tell(SessionLaunch.AssignmentFor(opened, member, _sessionActor));
        var p = opened.Parameters;
        _log.Info("{0} session #{1} ({2}) with {3}", resumed ? "Resumed" : "Opened", opened.Index, opened.Session,
            $"n = {p.ClientCount}, t = {p.Threshold}, m = {p.VectorLength}, b = {p.Bits}");
        _reports.Tell(new SessionOpenedNotice(opened, resumed));
    }

    private void Finish(SessionId session, ulong[]? aggregate, ProtocolError? abort, IReadOnlyList<int[]> survivors, bool recovered)
    {
        if (_state.Open is not { } open || open.Session != session)
            return;
        Context.Unwatch(_sessionActor);
        Context.Stop(_sessionActor);
        _sessionActor = ActorRefs.Nobody;
        var outcome = SessionTaskOutcome.Of(_task, open, aggregate, abort, survivors);
        var result = new ClusterSessionResult(open.Index, open.Session, open.Parameters, open.Members, aggregate, abort, survivors, _rounds.ToArray(),
            outcome?.Verified, recovered || _resumed, _sessionClock.Elapsed, outcome?.Summary);
        PersistThenApply(new ClusterSessionEnded(open.Index, open.Session, aggregate is not null, _task.State()), _ =>
        {
            var ending = aggregate is not null ? "completed" : $"aborted: {abort?.Message}";
            foreach (var member in open.Members)
                Resolve(member.ActorPath).Tell(new SessionEnded(open.Session, aggregate is not null, ending));
            _reports.Tell(result);
            if (AllDone)
                StopCleanly();
            else if (_abortPolicy.GiveUp(_state.ConsecutiveAborts, abort?.Message) is { } reason)
                Stop(reason);
            else
                TryOpenSession();
        });
    }

    private void StopCleanly()
    {
        Become(Done);
        PersistThenApply(ClusterServerStopped.Instance, _ =>
        {
            TellClientsFinished(null);
            _reports.Tell(new ServerNodeStopped(null));
        });
    }

    /// <summary>A leave with this notice is final; without it (a stop, a crash) client nodes wait for the server to return.</summary>
    private void TellClientsFinished(string? error)
    {
        foreach (var agent in _roster.Agents)
            agent.Tell(new ServerFinished(error));
    }

    private void OnJoinDeadline()
    {
        if (_schedule.MissedJoinDeadline(_roster.Count, _state.Open is not null) is { } missed)
            Stop(missed);
    }

    private void Stop(string error)
    {
        _log.Error("Server stops: {0}", error);
        Become(Done);
        TellClientsFinished(error);
        _reports.Tell(new ServerNodeStopped(error));
    }

    private IActorRef Resolve(string path) => ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(path);

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "The server journal refused {0}; the server stops without revealing anything", @event.GetType().Name);
        _reports.Tell(new ServerNodeStopped($"journal write failed: {cause.Message}"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error(reason, "The server journal could not be read");
        _reports.Tell(new ServerNodeStopped($"journal recovery failed: {reason.Message}"));
        base.OnRecoveryFailure(reason, message);
    }
}
