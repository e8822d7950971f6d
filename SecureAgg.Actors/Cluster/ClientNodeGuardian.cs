using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The top actor of a client node: starts its client agents once the node is Up and watches the server node. When
/// the server says it is finished (<see cref="ServerFinished"/>) and leaves, the node is finished too; when the server
/// leaves without saying so, or is downed (crashed), the node waits for a restarted server for a while and then
/// gives up. A client that cannot compute inputs at all stops the node with the reason.
/// </summary>
public sealed class ClientNodeGuardian : ReceiveActor, IWithTimers
{
    private const string ServerLostTimer = "server-lost";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TaskCompletionSource<string?> _finished;
    private readonly TimeSpan _serverWait;
    private ServerFinished? _serverFinished;

    public ClientNodeGuardian(IReadOnlyList<string> clientNames, TimeSpan serverWait, TimeSpan answerDelay, IClientSessionTask task,
        IReadOnlyDictionary<string, ClientIdentity>? identities, TaskCompletionSource<string?> finished)
    {
        _finished = finished;
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
                _finished.TrySetResult(finished.Error is null ? null : $"the server gave up: {finished.Error}");
                return;
            }
            _log.Warning("Server node {0} was removed ({1}); waiting up to {2} for it to come back", removed.Member.Address, removed.PreviousStatus, _serverWait);
            Timers.StartSingleTimer(ServerLostTimer, ServerLost.Instance, _serverWait);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ServerFinished>(finished => _serverFinished ??= finished);
        Receive<ClientFailed>(failed => _finished.TrySetResult($"{failed.Client} cannot take part: {failed.Reason}"));
        Receive<ServerLost>(_ => _finished.TrySetResult($"the server node was lost and did not come back within {_serverWait}"));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<string> clientNames, TimeSpan serverWait, TimeSpan answerDelay, IClientSessionTask task,
        IReadOnlyDictionary<string, ClientIdentity>? identities, TaskCompletionSource<string?> finished) =>
        Akka.Actor.Props.Create(() => new ClientNodeGuardian(clientNames, serverWait, answerDelay, task, identities, finished));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private sealed class ServerLost
    {
        public static readonly ServerLost Instance = new();
    }

    /// <summary>From a client agent: it cannot compute its inputs (e.g. its data is missing).</summary>
    public sealed record ClientFailed(string Client, string Reason);
}
