using Akka.Actor;
using Akka.Cluster;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// Downing for a star-shaped cluster: the server decides. Akka's stock resolvers judge sides by size or age, so five
/// client nodes that join and freeze outvote the server (keep-majority), or the oldest client node decides once a
/// restarted server is the youngest (keep-oldest). Here the server node downs every node it cannot reach; a client
/// node downs only a server its own heartbeats find unreachable (so it keeps waiting for the server's restart) and never
/// another client. The server acts once the unreachable set has been stable for
/// <c>akka.cluster.split-brain-resolver.stable-after</c>, a client node after three times that.
/// </summary>
public sealed class ServerAuthorityDowningProvider(ActorSystem system, Akka.Cluster.Cluster cluster) : IDowningProvider
{
    private readonly TimeSpan _stableAfter = StableAfter(system);

    /// <summary>How long the unreachable set must be stable before the server downs (a client node waits three times this).</summary>
    public static TimeSpan StableAfter(ActorSystem system) =>
        system.Settings.Config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after", TimeSpan.FromSeconds(20), allowInfinite: false);

    /// <summary>
    /// At most how long client nodes take to remove a server that died: their failure detector's pause before it is
    /// unreachable, their own wait before they down it, and one more stable-after for the removal to spread.
    /// </summary>
    public static TimeSpan ServerRemovalTime(ActorSystem system) =>
        system.Settings.Config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause", TimeSpan.FromSeconds(3), allowInfinite: false)
        + ServerAuthorityDowning.ClientNodeWait(StableAfter(system)) + StableAfter(system);

    public TimeSpan DownRemovalMargin => TimeSpan.Zero;

    public Props DowningActorProps => Props.Create(() => new ServerAuthorityDowning(_stableAfter, cluster.SelfRoles.Contains(ClusterAkkaConfig.ServerRole)));
}
