using System.Collections.Immutable;
using Akka.Actor;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The client nodes the coordinator journalled (<see cref="ClientNodeSeen"/>), in the order first seen. After a crash
/// they are still a cluster (they downed the old server); a restarted server joins through them instead of forming
/// a second cluster they would never hear of.
/// </summary>
public sealed class KnownClientNodes
{
    public static readonly KnownClientNodes None = new(ImmutableList<Address>.Empty);

    private readonly ImmutableList<Address> _addresses;

    private KnownClientNodes(ImmutableList<Address> addresses) => _addresses = addresses;

    public IReadOnlyList<Address> Addresses => _addresses;

    public bool Contains(Address address) => _addresses.Contains(address);

    /// <summary>With the journalled address added; an address that does not parse (a damaged event) is skipped.</summary>
    public KnownClientNodes With(string address) =>
        ActorPath.TryParseAddress(address, out var parsed) && !_addresses.Contains(parsed) ? new KnownClientNodes(_addresses.Add(parsed)) : this;

    /// <summary>
    /// The seed nodes to join: this node first (alone it forms the cluster), then the open session's member nodes,
    /// then every other known client node, each once, all in this node's remoting scheme.
    /// </summary>
    public IReadOnlyList<Address> SeedsFor(Address self, ClusterSessionOpened? open)
    {
        var seeds = new List<Address> { self };
        foreach (var member in open?.Members ?? [])
        {
            if (ActorPath.TryParse(member.ActorPath, out var path) && path.Address.As(self.Protocol) is var address && !seeds.Contains(address))
                seeds.Add(address);
        }
        seeds.AddRange(_addresses.Select(address => address.As(self.Protocol)).Where(address => !seeds.Contains(address)).Distinct());
        return seeds;
    }
}
