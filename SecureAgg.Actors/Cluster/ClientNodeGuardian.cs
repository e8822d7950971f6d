using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The top actor of a client node: starts its client agents once the node is Up and watches the server node, the one
/// whose coordinator proved the pinned identity to its agents (<see cref="ServerAuthenticated"/>); other nodes that
/// claim the server role are nobody to it. When the server says it is finished (a signed <see cref="ServerFinished"/>)
/// and leaves, the node is finished too; when the server leaves without saying so, or is downed (crashed), the node
/// waits for a restarted server for a while and then gives up, as it does when no server proves itself at all. A
/// client that cannot compute inputs at all stops the node with the reason. The host asks for the verdict
/// (<see cref="AwaitClientNodeFinished"/>); the first verdict is the node's.
/// </summary>
public sealed class ClientNodeGuardian : ReceiveActor, IWithTimers
{
    private const string ServerLostTimer = "server-lost";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _serverWait;
    private readonly List<IActorRef> _waiting = [];
    private Address? _server;
    private ServerFinished? _serverFinished;
    private ClientNodeFinished? _verdict;

    public ClientNodeGuardian(IReadOnlyList<string> clientNames, TimeSpan serverWait, ClientAgentSettings agents, IClientSessionTask task,
        IReadOnlyDictionary<string, ClientIdentity>? identities)
    {
        _serverWait = serverWait;
        for (var i = 0; i < clientNames.Count; i++)
            Context.ActorOf(ClientAgent.Props(clientNames[i], agents, task, identities?.GetValueOrDefault(clientNames[i])), $"client-{i + 1}");

        Receive<ServerAuthenticated>(authenticated =>
        {
            Timers.Cancel(ServerLostTimer);
            if (authenticated.Node.Equals(_server))
                return;
            _server = authenticated.Node;
            _log.Info("Server node {0} proved the pinned server identity", authenticated.Node);
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.HasRole(ClusterAkkaConfig.ServerRole))
                _log.Info("Server-role node {0} is up", up.Member.Address);
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (!removed.Member.HasRole(ClusterAkkaConfig.ServerRole))
                return;
            if (!removed.Member.Address.Equals(_server))
            {
                _log.Info("Server-role node {0} left; it is not the server that proved the pinned identity", removed.Member.Address);
                return;
            }
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
        Receive<ServerLost>(_ => Finish(_server is null
            ? $"no server proved the pinned identity within {_serverWait} (is --server-key the server's server.pub?)"
            : $"the server node was lost and did not come back within {_serverWait}"));
        Receive<AwaitClientNodeFinished>(_ =>
        {
            if (_verdict is { } verdict)
                Sender.Tell(verdict);
            else
                _waiting.Add(Sender);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<string> clientNames, TimeSpan serverWait, ClientAgentSettings agents, IClientSessionTask task,
        IReadOnlyDictionary<string, ClientIdentity>? identities) =>
        Akka.Actor.Props.Create(() => new ClientNodeGuardian(clientNames, serverWait, agents, task, identities));

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));
        // Until a server proves itself, the node waits as long as for a lost one.
        Timers.StartSingleTimer(ServerLostTimer, ServerLost.Instance, _serverWait);
    }

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
