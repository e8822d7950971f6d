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
        // When the server and a client node lose each other (e.g. both starved of CPU), the server's decision must land
        // first: losing one client node is a dropout, losing the server ends every session.
        var decideAfter = isServer ? stableAfter : ClientNodeWait(stableAfter);
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.UnreachableMember>(unreachable => Changed(() => _unreachable[unreachable.Member.UniqueAddress] = unreachable.Member));
        Receive<ClusterEvent.ReachableMember>(reachable => Changed(() => _unreachable.Remove(reachable.Member.UniqueAddress)));
        Receive<ClusterEvent.MemberRemoved>(removed => Changed(() => _unreachable.Remove(removed.Member.UniqueAddress)));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<Decide>(_ =>
        {
            var state = cluster.State;
            var view = new DowningDecision.View(
                state.Members.Select(m => m.UniqueAddress).ToHashSet(),
                state.Unreachable.Select(m => m.UniqueAddress).ToHashSet(),
                address => !cluster.FailureDetector.IsAvailable(address));
            foreach (var member in _unreachable.Values.ToArray())
            {
                var node = new DowningDecision.Node(member.UniqueAddress, member.HasRole(ClusterAkkaConfig.ServerRole));
                switch (DowningDecision.For(node, isServer, view))
                {
                    case DowningDecision.Verdict.Down:
                        _log.Warning("Downing unreachable node {0} ({1}): it has been unreachable for {2}", member.Address, string.Join(",", member.Roles), decideAfter);
                        cluster.Down(member.Address);
                        break;
                    case DowningDecision.Verdict.Wait:
                        Timers.StartSingleTimer(nameof(Decide), Decide.Instance, decideAfter);
                        break;
                    case DowningDecision.Verdict.Gone:
                        _unreachable.Remove(member.UniqueAddress);
                        break;
                }
            }
        });

        void Changed(Action change)
        {
            change();
            // Like the split-brain resolver: decide only once the unreachable set has stopped changing.
            if (_unreachable.Count > 0)
                Timers.StartSingleTimer(nameof(Decide), Decide.Instance, decideAfter);
            else
                Timers.Cancel(nameof(Decide));
        }
    }

    /// <summary>How long a client node waits before it downs an unreachable server: three times the server's wait.</summary>
    public static TimeSpan ClientNodeWait(TimeSpan stableAfter) => stableAfter * 3;

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
