using System.Diagnostics;
using System.Security.Cryptography;
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
/// resumes that session (the session actor replays its rounds) and sends every member its assignment again.
/// </summary>
public sealed class ClusterSessionCoordinator : ReceivePersistentActor, IWithTimers
{
    private const string JoinTimer = "join-deadline";

    /// <summary>Sessions aborting this many times in a row mean something is broken (clients without data, a bad setting).</summary>
    public const int MaxConsecutiveAborts = 3;

    private readonly ClusterServerSettings _settings;
    private readonly IServerSessionTask _task;
    private readonly IServerNodeListener _listener;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, string> _roster = [];
    private readonly HashSet<Address> _clientNodes = [];
    private byte[]? _recoveredTaskState;
    private int _consecutiveAborts;
    private readonly List<RoundClosedNotice> _rounds = [];
    private readonly Stopwatch _sessionClock = new();
    private ClusterSessionOpened? _open;
    private IActorRef _sessionActor = ActorRefs.Nobody;
    private int _completedSessions;
    private int _nextIndex = 1;
    private bool _resumed;

    public ClusterSessionCoordinator(ClusterServerSettings settings, IServerSessionTask task, IServerNodeListener listener)
    {
        _settings = settings;
        _task = task;
        _listener = listener;

        Recover<ClusterSessionOpened>(opened =>
        {
            _open = opened;
            _nextIndex = opened.Index + 1;
        });
        Recover<ClusterSessionEnded>(ended =>
        {
            _open = null;
            _completedSessions++;
            _consecutiveAborts = ended.Completed ? 0 : _consecutiveAborts + 1;
            // Only the last state counts; it is restored once replay is complete.
            _recoveredTaskState = ended.TaskState;
        });
        Recover<ClientNodeSeen>(seen =>
        {
            if (ActorPath.TryParseAddress(seen.Address, out var address))
                _clientNodes.Add(address);
        });
        Recover<ClusterServerStopped>(_ =>
        {
            // The previous run finished cleanly: this one starts afresh.
            _completedSessions = 0;
            _consecutiveAborts = 0;
            _recoveredTaskState = null;
            _clientNodes.Clear();
        });
        Recover<RecoveryCompleted>(_ =>
        {
            try
            {
                _task.Restore(_recoveredTaskState ?? []);
            }
            catch (Exception error) when (error is FormatException or ArgumentException)
            {
                // E.g. a journal written by a simulated run, restarted with --train: refuse rather than crash-loop.
                Become(Done);
                _listener.Stopped($"the journal's state does not fit this server's task ({_task.Description}): {error.Message} Use another --name or journal.");
                return;
            }
            JoinCluster();
        });

        // Until this node is Up nothing can reach it; anything early waits.
        Command<NodeUp>(_ => OnNodeUp());
        CommandAny(_ => Stash.Stash());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => _settings.PersistenceId;

    public static Props Props(ClusterServerSettings settings, IServerSessionTask task, IServerNodeListener listener) =>
        Akka.Actor.Props.Create(() => new ClusterSessionCoordinator(settings, task, listener));

    private sealed class NodeUp
    {
        public static readonly NodeUp Instance = new();
    }

    private sealed class JoinDeadline
    {
        public static readonly JoinDeadline Instance = new();
    }

    private void JoinCluster()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        // This node is the first seed: alone it forms the cluster. After a crash the open session's client nodes are
        // still a cluster (they downed the old server); listing them lets the restarted server join them instead of
        // forming a second cluster they would never hear of.
        var seeds = new List<Address> { cluster.SelfAddress };
        foreach (var member in _open?.Members ?? [])
        {
            if (ActorPath.TryParse(member.ActorPath, out var path) && !seeds.Contains(path.Address))
                seeds.Add(path.Address);
        }
        seeds.AddRange(_clientNodes.Where(address => !seeds.Contains(address)));
        if (seeds.Count > 1)
            _log.Info("Restarted with {0} known client node(s){1}; joining the cluster through them", seeds.Count - 1,
                _open is null ? "" : $" and open session #{_open.Index}");
        var self = Self;
        cluster.RegisterOnMemberUp(() => self.Tell(NodeUp.Instance));
        cluster.JoinSeedNodes(seeds);
    }

    private void OnNodeUp()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Put(Self));
        _listener.RunStarted(continuing: _completedSessions > 0 || _open is not null);
        Become(Active);
        Stash.UnstashAll();
        if (AllDone)
        {
            // Crashed after the last session but before stopping cleanly: nothing is left to run.
            _log.Info("All {0} sessions of this run were done before the restart", _settings.Sessions);
            StopCleanly();
            return;
        }
        if (_open is { } open)
        {
            // Members of the open session are registered by definition; their agents were watched by the old server.
            foreach (var member in open.Members)
                Enrol(Resolve(member.ActorPath), member.Name, announce: false);
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
            if (_open is null || notice.Session != _open.Session || !Sender.Equals(_sessionActor))
                return;
            _rounds.Add(notice);
            _listener.RoundClosed(_open.Index, notice);
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
        if (string.IsNullOrWhiteSpace(register.Name))
        {
            _log.Warning("Refused a registration without a client name from {0}", Sender.Path);
            return;
        }
        if (_settings.Mode == SecurityMode.Active && !_settings.Trusted!.Contains(register.Name))
        {
            // Its signatures could not be checked by anyone: it cannot take part in an active-mode session.
            _log.Warning("Refused {0} from {1}: not in the trusted key file", register.Name, Sender.Path);
            return;
        }
        if (!Enrol(Sender, register.Name, announce: true))
            return;
        Sender.Tell(new ClientRegistered(register.Name));
        if (_open is not null)
            return;
        TryOpenSession();
    }

    private bool Enrol(IActorRef agent, string name, bool announce)
    {
        if (_roster.ContainsKey(agent))
            return true;
        if (_roster.ContainsValue(name))
        {
            // Names order the clients, so two live agents must not share one; a restarted client node's agent is
            // admitted once the old one is gone (it keeps registering until then).
            _log.Warning("Refused {0} from {1}: the name is held by a live agent", name, agent.Path);
            return false;
        }
        _roster[agent] = name;
        Context.Watch(agent);
        if (_clientNodes.Add(agent.Path.Address))
            Persist(new ClientNodeSeen(agent.Path.Address.ToString()), _ => { });
        if (announce)
        {
            _log.Info("Client {0} registered ({1} registered){2}", name, _roster.Count, _open is null ? "" : "; it joins the next session");
            _listener.ClientJoined(name, _roster.Count);
        }
        return true;
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_sessionActor))
        {
            if (_open is { } open)
                Finish(open.Session, null, new ServerFailed("the server session actor stopped before finishing (journal failure?)"), [], _resumed);
            return;
        }
        if (_roster.Remove(terminated.ActorRef, out var name))
        {
            // Its node was downed (killed, partitioned): within an open session it is simply a dropout.
            _log.Warning("Client {0} left the cluster ({1} registered)", name, _roster.Count);
            _listener.ClientLeft(name, _roster.Count);
        }
    }

    private void TryOpenSession()
    {
        if (_roster.Count < _settings.MinClients)
        {
            if (!Timers.IsTimerActive(JoinTimer))
                Timers.StartSingleTimer(JoinTimer, JoinDeadline.Instance, _settings.JoinTimeout);
            return;
        }
        Timers.Cancel(JoinTimer);
        var members = _roster.OrderBy(entry => entry.Value, StringComparer.Ordinal)
            .Take(_task.MaxClients ?? int.MaxValue)
            .Select((entry, i) => new SessionMember(i + 1, entry.Value, Akka.Serialization.Serialization.SerializedActorPath(entry.Key)))
            .ToArray();
        ProtocolParameters parameters;
        byte[] payload;
        try
        {
            var (length, bits) = _task.Shape(members.Length);
            parameters = _settings.ParametersFor(members.Length, length, bits);
            payload = _task.Payload();
        }
        catch (ArgumentException invalid)
        {
            Stop($"cannot run a session of {members.Length} clients: {invalid.Message}");
            return;
        }
        if (_settings.FrameSizeProblem(parameters, payload.Length) is { } problem)
        {
            Stop(problem);
            return;
        }
        var opened = new ClusterSessionOpened(_nextIndex, SessionId.New(), parameters, RandomNumberGenerator.GetBytes(32), _settings.Seed,
            _settings.RoundTimeout, members, payload);
        Persist(opened, e =>
        {
            _open = e;
            _nextIndex = e.Index + 1;
            _resumed = false;
            StartSession(e, resumed: false);
        });
    }

    private void StartSession(ClusterSessionOpened opened, bool resumed)
    {
        var clients = opened.Members.ToDictionary(member => member.Id, member => Resolve(member.ActorPath));
        var active = opened.Parameters.Mode == SecurityMode.Active;
        var names = opened.Members.OrderBy(member => member.Id).Select(member => member.Name).ToArray();
        IdentityDirectory? directory = null;
        if (active)
        {
            directory = (_settings.Trusted ?? throw new InvalidOperationException("An active-mode session needs the trusted keys.")).DirectoryFor(names, out var unknown);
            if (unknown is not null)
                _log.Warning("Session #{0}: {1} is not in the trusted key file; its messages will be refused", opened.Index, unknown);
        }
        var settings = new ServerSessionSettings(opened.Parameters, opened.Session, opened.GraphSeed, opened.RoundTimeout, directory,
            SnapshotAfterBytes: _settings.SnapshotAfterBytes);
        _rounds.Clear();
        _sessionClock.Restart();
        _sessionActor = Context.ActorOf(ServerSessionActor.Props(settings, clients, Self), $"session-{opened.Index}-{opened.Session}");
        Context.Watch(_sessionActor);
        foreach (var (id, agent) in clients)
            agent.Tell(new SessionAssignment(opened.Session, opened.Index, opened.Parameters, id, opened.GraphSeed, opened.InputSeed, _sessionActor, opened.TaskPayload,
                active ? names : []));
        var p = opened.Parameters;
        _log.Info("{0} session #{1} ({2}) with {3}", resumed ? "Resumed" : "Opened", opened.Index, opened.Session,
            $"n = {p.ClientCount}, t = {p.Threshold}, m = {p.VectorLength}, b = {p.Bits}");
        _listener.SessionOpened(opened, resumed);
    }

    private void Finish(SessionId session, ulong[]? aggregate, ProtocolError? abort, IReadOnlyList<int[]> survivors, bool recovered)
    {
        if (_open is not { } open || open.Session != session)
            return;
        Context.Unwatch(_sessionActor);
        Context.Stop(_sessionActor);
        _sessionActor = ActorRefs.Nobody;
        SessionTaskOutcome? outcome = null;
        try
        {
            if (aggregate is not null)
                outcome = _task.Complete(open, aggregate, survivors);
            else
                _task.Skipped(open, abort?.Message ?? "aborted");
        }
        catch (Exception unusable) when (unusable is ArgumentException or FormatException)
        {
            // E.g. a decoded total weight ≤ 0: the aggregate is not applied; the task's state is unchanged.
            outcome = new SessionTaskOutcome(null, $"aggregate not used: {unusable.Message}");
        }
        _consecutiveAborts = aggregate is null ? _consecutiveAborts + 1 : 0;
        var result = new ClusterSessionResult(open.Index, open.Session, open.Parameters, open.Members, aggregate, abort, survivors, _rounds.ToArray(),
            outcome?.Verified, recovered || _resumed, _sessionClock.Elapsed, outcome?.Summary);
        Persist(new ClusterSessionEnded(open.Index, open.Session, aggregate is not null, _task.State()), _ =>
        {
            _open = null;
            _completedSessions++;
            var ending = aggregate is not null ? "completed" : $"aborted: {abort?.Message}";
            foreach (var member in open.Members)
                Resolve(member.ActorPath).Tell(new SessionEnded(open.Session, aggregate is not null, ending));
            _listener.SessionFinished(result);
            if (AllDone)
            {
                StopCleanly();
                return;
            }
            if (_consecutiveAborts >= MaxConsecutiveAborts)
            {
                Stop($"{_consecutiveAborts} sessions in a row aborted, the last with: {abort?.Message} (are the clients able to compute their inputs? see their logs)");
                return;
            }
            TryOpenSession();
        });
    }

    private bool AllDone => _task.IsDone || (_settings.Sessions > 0 && _completedSessions >= _settings.Sessions);

    private void StopCleanly()
    {
        Become(Done);
        Persist(ClusterServerStopped.Instance, _ =>
        {
            TellClientsFinished(null);
            _listener.Stopped(null);
        });
    }

    /// <summary>A leave with this notice is final; without it (a stop, a crash) client nodes wait for the server to return.</summary>
    private void TellClientsFinished(string? error)
    {
        foreach (var agent in _roster.Keys)
            agent.Tell(new ServerFinished(error));
    }

    private void OnJoinDeadline()
    {
        if (_open is not null || _roster.Count >= _settings.MinClients)
            return;
        Stop($"only {_roster.Count} of the {_settings.MinClients} clients needed registered within {_settings.JoinTimeout.TotalSeconds:0.#} s");
    }

    private void Stop(string error)
    {
        _log.Error("Server stops: {0}", error);
        Become(Done);
        TellClientsFinished(error);
        _listener.Stopped(error);
    }

    private IActorRef Resolve(string path) => ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(path);

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "The server journal refused {0}; the server stops without revealing anything", @event.GetType().Name);
        _listener.Stopped($"journal write failed: {cause.Message}");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error(reason, "The server journal could not be read");
        _listener.Stopped($"journal recovery failed: {reason.Message}");
        base.OnRecoveryFailure(reason, message);
    }
}
