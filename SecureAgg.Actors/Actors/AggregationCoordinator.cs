using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Actors;

/// <summary>
/// One aggregation to run: parameters, every client's input, who drops out when, and an optional server crash. Each
/// closed phase's <see cref="RoundClosedNotice"/> is also sent to <paramref name="ProgressTo"/>, if given.
/// </summary>
public sealed record AggregationRequest(
    ProtocolParameters Parameters,
    ClientInputs Inputs,
    DropoutPlan Dropouts,
    TimeSpan RoundTimeout,
    int Seed,
    ServerPhase? CrashServerAfter = null,
    IActorRef? ProgressTo = null,
    long SnapshotAfterBytes = ServerSessionSettings.DefaultSnapshotAfterBytes) : INoSerializationVerificationNeeded;

/// <summary>What happened in one aggregation.</summary>
public sealed record AggregationReport(
    SessionId Session,
    ulong[]? Aggregate,
    ProtocolError? AbortReason,
    IReadOnlyList<int[]> Survivors,
    IReadOnlyList<RoundClosedNotice> Rounds,
    IReadOnlyList<MessageIgnoredNotice> Ignored,
    IReadOnlyList<ClientRefusedNotice> Refusals,
    bool ServerRecovered,
    TimeSpan Elapsed) : INoSerializationVerificationNeeded
{
    public bool Completed => Aggregate is not null;
}

/// <summary>
/// Starts one server session actor and its client actors per request, follows the rounds, and answers the requester
/// with an <see cref="AggregationReport"/>. A request may ask for the server to crash after a given round: the
/// server then fails right after journalling that round's close, and the coordinator's supervision restarts it, so the
/// new incarnation recovers from the journal. Every session's journal is sealed under the coordinator's
/// <see cref="JournalIntegrity"/>. Once a report is handed over, the session's journal is pruned to its summary
/// (<see cref="SessionJournalPruner"/>) unless asked to keep every event; <see cref="AwaitPruning"/> is answered
/// when no pruning is under way (before the journal closes).
/// </summary>
public sealed class AggregationCoordinator : ReceiveActor, IWithUnboundedStash
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<RoundClosedNotice> _rounds = [];
    private readonly List<MessageIgnoredNotice> _ignored = [];
    private readonly List<ClientRefusedNotice> _refusals = [];
    private readonly Stopwatch _clock = new();
    private readonly List<IActorRef> _children = [];
    private IActorRef _requester = ActorRefs.Nobody;
    private IActorRef _server = ActorRefs.Nobody;
    private AggregationRequest? _request;
    private SessionId _session;
    private readonly JournalIntegrity _integrity;
    private readonly bool _keepEvents;
    private readonly HashSet<IActorRef> _pruners = [];
    private readonly List<IActorRef> _awaitingPruning = [];

    public AggregationCoordinator(JournalIntegrity integrity, bool keepEvents)
    {
        _integrity = integrity;
        _keepEvents = keepEvents;
        Become(Idle);
    }

    public IStash Stash { get; set; } = null!;

    /// <param name="integrity">The journal key; without one, a key of this coordinator's own (its sessions recover only in this process).</param>
    /// <param name="keepEvents">Keep every session's events after its report (for audits of single events), not only its summary.</param>
    public static Props Props(JournalIntegrity? integrity = null, bool keepEvents = false)
    {
        var chosen = integrity ?? JournalIntegrity.Ephemeral();
        return Akka.Actor.Props.Create(() => new AggregationCoordinator(chosen, keepEvents));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(-1, -1, exception =>
        {
            // An injected crash is expected: one line, not a stack trace; anything else is logged in full.
            if (exception is SimulatedServerCrash crash)
            {
                _log.Warning("{0} The server restarts and recovers from its journal.", crash.Message);
                return Directive.Restart;
            }
            _log.Error(exception, "A session actor failed");
            return exception is ActorKilledException ? Directive.Restart : Directive.Stop;
        }, loggingEnabled: false);

    private void Idle()
    {
        Receive<AggregationRequest>(Start);
        Pruning();
    }

    private void Running()
    {
        Pruning();
        Receive<AggregationRequest>(_ => Stash.Stash());
        Receive<RoundClosedNotice>(notice =>
        {
            if (notice.Session != _session)
                return;
            _rounds.Add(notice);
            _request!.ProgressTo?.Tell(notice);
        });
        Receive<MessageIgnoredNotice>(notice => { if (notice.Session == _session) _ignored.Add(notice); });
        Receive<ClientRefusedNotice>(notice => { if (notice.Session == _session) _refusals.Add(notice); });
        Receive<AggregationCompleted>(done => { if (done.Session == _session) Finish(done.Aggregate, null, done.Survivors, done.Recovered); });
        Receive<AggregationAborted>(aborted => { if (aborted.Session == _session) Finish(null, aborted.Reason, aborted.Survivors, aborted.Recovered); });
        Receive<Terminated>(terminated =>
        {
            // The server stopped without an outcome (failed journal write or recovery): the session ends, nothing revealed.
            if (terminated.ActorRef.Equals(_server))
                Finish(null, new ServerFailed($"the server session actor stopped before finishing ({(terminated.ExistenceConfirmed ? "stopped" : "unknown")})"), [], false);
        });
    }

    private void Pruning()
    {
        Receive<AwaitPruning>(_ =>
        {
            if (_pruners.Count == 0)
                Sender.Tell(PruningDone.Instance);
            else
                _awaitingPruning.Add(Sender);
        });
        Receive<Terminated>(terminated => _pruners.Contains(terminated.ActorRef), terminated =>
        {
            _pruners.Remove(terminated.ActorRef);
            if (_pruners.Count > 0)
                return;
            foreach (var waiting in _awaitingPruning)
                waiting.Tell(PruningDone.Instance);
            _awaitingPruning.Clear();
        });
    }

    private void Start(AggregationRequest request)
    {
        _request = request;
        _requester = Sender;
        _session = SessionId.New();
        _rounds.Clear();
        _ignored.Clear();
        _refusals.Clear();
        _clock.Restart();

        var parameters = request.Parameters;
        var graphSeed = ReproducibleRandom.Seed(request.Seed, $"graph {_session}");
        var graph = NeighbourGraph.For(parameters, graphSeed);
        IdentityDirectory? directory = null;
        SigningKeyPair[]? identities = null;
        if (parameters.Mode == SecurityMode.Active)
        {
            identities = Enumerable.Range(0, parameters.ClientCount).Select(_ => SigningKeyPair.Generate()).ToArray();
            directory = new IdentityDirectory(Enumerable.Range(1, parameters.ClientCount).ToDictionary(id => id, id => identities[id - 1].PublicKey));
        }

        // Clients first, then the server with the full (immutable) client map, then each client learns the server.
        var clientRefs = new Dictionary<int, IActorRef>();
        for (var id = 1; id <= parameters.ClientCount; id++)
        {
            var session = new ClientSession(parameters, _session, id, graph, request.Inputs.For(parameters, id), identities?[id - 1], directory);
            ProtocolRound? stopsAt = request.Dropouts.StopsAt.TryGetValue(id, out var stop) ? stop : null;
            var client = Context.ActorOf(ClientActor.Props(session, Self, stopsAt), $"client-{id}-{_session}");
            clientRefs[id] = client;
            _children.Add(client);
        }
        var settings = new ServerSessionSettings(parameters, _session, graphSeed, request.RoundTimeout, directory, request.SnapshotAfterBytes, request.CrashServerAfter)
        {
            Integrity = _integrity,
        };
        _server = Context.ActorOf(ServerSessionActor.Props(settings, clientRefs, Self).OnCpuDispatcher(Context.System), $"server-{_session}");
        Context.Watch(_server);
        _children.Add(_server);
        foreach (var client in clientRefs.Values)
            client.Tell(new ConnectToServer(_server));
        Become(Running);
    }

    private void Finish(ulong[]? aggregate, ProtocolError? abort, IReadOnlyList<int[]> survivors, bool recovered)
    {
        var report = new AggregationReport(_session, aggregate, abort, survivors, _rounds.ToArray(), _ignored.ToArray(), _refusals.ToArray(),
            recovered, _clock.Elapsed);
        Context.Unwatch(_server);
        foreach (var child in _children)
            Context.Stop(child);
        _children.Clear();
        _requester.Tell(report);
        // In-process sessions never resume in another process: once the report is out, the summary is all that is needed.
        if (!_keepEvents)
            _pruners.Add(Context.Watch(Context.ActorOf(
                SessionJournalPruner.Props(ServerSessionSettings.PersistenceIdOf(_session), _integrity).OnCpuDispatcher(Context.System), $"pruner-{_session}")));
        Become(Idle);
        Stash.UnstashAll();
    }
}
