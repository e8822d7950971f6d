using Akka.Actor;
using Akka.Cluster;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// What <see cref="ServerAuthorityDowning"/> downs once the unreachable set has been stable: kept apart from the actor
/// so each rule is a plain function of the node's view.
/// </summary>
public static class DowningDecision
{
    /// <summary>A node as the downing sees it: its incarnation and whether it has the server role.</summary>
    public sealed record Node(UniqueAddress Incarnation, bool IsServer)
    {
        public Address Address => Incarnation.Address;
    }

    /// <summary>The cluster as one node sees it at decision time.</summary>
    /// <param name="Members">The current members' incarnations.</param>
    /// <param name="Unreachable">Incarnations some node (any observer) finds unreachable.</param>
    /// <param name="OwnHeartbeatsFail">Whether this node's own failure detector has given up on an address.</param>
    public sealed record View(IReadOnlySet<UniqueAddress> Members, IReadOnlySet<UniqueAddress> Unreachable, Func<Address, bool> OwnHeartbeatsFail);

    /// <summary>What to do with one tracked unreachable node.</summary>
    public enum Verdict
    {
        /// <summary>Down its address now.</summary>
        Down,

        /// <summary>Not this node's call (a client node never downs another client node).</summary>
        NotOurs,

        /// <summary>Still unreachable for others, not yet for this node's own heartbeats: decide again later.</summary>
        Wait,

        /// <summary>Reachable again: nothing to do while it stays so.</summary>
        Reachable,

        /// <summary>That incarnation is gone (removed, or a restarted node now holds the address): forget it.</summary>
        Gone,
    }

    public static Verdict For(Node node, bool selfIsServer, View view)
    {
        if (!selfIsServer && !node.IsServer)
            return Verdict.NotOurs;
        // Down takes an address: once a restarted node (a new incarnation) holds it, downing it would down the
        // restarted node. The cluster removes the old incarnation by itself when the new one joins.
        if (!view.Members.Contains(node.Incarnation))
            return Verdict.Gone;
        if (!view.Unreachable.Contains(node.Incarnation))
            return Verdict.Reachable;
        // A client node acts on its own heartbeats only: the cluster's unreachable set also holds what other nodes
        // observed, and one load-delayed node must not make every client node down a live server.
        if (!selfIsServer && !view.OwnHeartbeatsFail(node.Address))
            return Verdict.Wait;
        return Verdict.Down;
    }
}
