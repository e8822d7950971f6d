using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The top actor of a client node: starts its client agents once the node is Up and watches the server node. When
/// the server says it is finished (<see cref="ServerFinished"/>) and leaves, the node is finished too; when the server
/// leaves without saying so, or is downed (crashed), the node waits for a restarted server for a while and then
/// gives up. A client that cannot compute inputs at all stops the node with the reason. The host asks for the
/// verdict (<see cref="AwaitClientNodeFinished"/>); the first verdict is the node's.
/// </summary>
public sealed class ClientNodeGuardian : ReceiveActor, IWithTimers
{
    private const string ServerLostTimer = "server-lost";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _serverWait;
    private readonly List<IActorRef> _waiting = [];
    private ServerFinished? _serverFinished;
    private ClientNodeFinished? _verdict;

    public ClientNodeGuardian(IReadOnlyList<string> clientNames, TimeSpan serverWait, TimeSpan answerDelay, IClientSessionTask task,
        IReadOnlyDictionary<string, ClientIdentity>? identities)
    {
        _serverWait = serverWait;
        for (var i = 0; i < clientNames.Count; i++)
            Context.ActorOf(ClientAgent.Props(clientNames[i], answerDelay, task, identities?.GetValueOrDefault(clientNames[i])), $"client-{i + 1}");

        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (!up.Member.HasRole(ClusterAkkaConfig.ServerRole))
                return;
            Timers.Cancel(ServerLostTimer);
            _log.Info("Server node {0} is up", up.Member.Address);
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (!removed.Member.HasRole(ClusterAkkaConfig.ServerRole))
                return;
            if (_serverFinished is { } finished)
            {
                _log.Info("Server node {0} left the cluster: {1}", removed.Member.Address, finished.Error ?? "no more sessions");
                Finish(finished.Error is null ? null : $"the server gave up: {finished.Error}");
                return;
            }
            _log.Warning("Server node {0} was removed ({1}); waiting up to {2} for it to come back", removed.Member.Address, removed.PreviousStatus, _serverWait);
            Timers.StartSingleTimer(ServerLostTimer, ServerLost.Instance, _serverWait);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ServerFinished>(finished => _serverFinished ??= finished);
        Receive<ClientFailed>(failed => Finish($"{failed.Client} cannot take part: {failed.Reason}"));
        Receive<ServerLost>(_ => Finish($"the server node was lost and did not come back within {_serverWait}"));
        Receive<AwaitClientNodeFinished>(_ =>
        {
            if (_verdict is { } verdict)
                Sender.Tell(verdict);
            else
                _waiting.Add(Sender);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<string> clientNames, TimeSpan serverWait, TimeSpan answerDelay, IClientSessionTask task,
        IReadOnlyDictionary<string, ClientIdentity>? identities) =>
        Akka.Actor.Props.Create(() => new ClientNodeGuardian(clientNames, serverWait, answerDelay, task, identities));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    // A restart would forget who waits for the verdict: they hear a failed node instead of nothing.
    protected override void PreRestart(Exception reason, object message)
    {
        Finish($"the client node's guardian failed: {reason.Message}");
        base.PreRestart(reason, message);
    }

    private void Finish(string? error)
    {
        if (_verdict is not null)
            return;
        _verdict = new ClientNodeFinished(error);
        foreach (var waiting in _waiting)
            waiting.Tell(_verdict);
        _waiting.Clear();
    }

    private sealed class ServerLost
    {
        public static readonly ServerLost Instance = new();
    }

    /// <summary>From a client agent: it cannot compute its inputs (e.g. its data is missing).</summary>
    public sealed record ClientFailed(string Client, string Reason);
}
