using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace SecureAgg.Actors.Cluster;

/// <summary>The downing actor of <see cref="ServerAuthorityDowningProvider"/>, one per node.</summary>
public sealed class ServerAuthorityDowning : ReceiveActor, IWithTimers
{
    private sealed record Decide
    {
        public static readonly Decide Instance = new();
    }

    private readonly Dictionary<UniqueAddress, Member> _unreachable = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ITimerScheduler Timers { get; set; } = null!;

    public ServerAuthorityDowning(TimeSpan stableAfter, bool isServer)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.UnreachableMember>(unreachable => Changed(() => _unreachable[unreachable.Member.UniqueAddress] = unreachable.Member));
        Receive<ClusterEvent.ReachableMember>(reachable => Changed(() => _unreachable.Remove(reachable.Member.UniqueAddress)));
        Receive<ClusterEvent.MemberRemoved>(removed => Changed(() => _unreachable.Remove(removed.Member.UniqueAddress)));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<Decide>(_ =>
        {
            var state = cluster.State;
            foreach (var member in _unreachable.Values.Where(member => isServer || member.HasRole(ClusterAkkaConfig.ServerRole)).ToArray())
            {
                // Down takes an address: once a restarted node (a new incarnation) holds it, downing it would down the
                // restarted node. The cluster removes the old incarnation by itself when the new one joins.
                var current = state.Members.FirstOrDefault(m => m.Address.Equals(member.Address));
                if (current is null || !current.UniqueAddress.Equals(member.UniqueAddress))
                {
                    _unreachable.Remove(member.UniqueAddress);
                    continue;
                }
                if (!state.Unreachable.Any(u => u.UniqueAddress.Equals(member.UniqueAddress)))
                    continue;
                _log.Warning("Downing unreachable node {0} ({1}): it has been unreachable for {2}", member.Address, string.Join(",", member.Roles), stableAfter);
                cluster.Down(member.Address);
            }
        });

        void Changed(Action change)
        {
            change();
            // Like the split-brain resolver: decide only once the unreachable set has stopped changing.
            if (_unreachable.Count > 0)
                Timers.StartSingleTimer(nameof(Decide), Decide.Instance, stableAfter);
            else
                Timers.Cancel(nameof(Decide));
        }
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
