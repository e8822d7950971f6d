using Akka.Actor;
using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Cluster;

/// <summary>The journalled client nodes a restarted server rejoins through, and the seed list it joins with.</summary>
public sealed class KnownClientNodesSpecs
{
    private static readonly Address Self = new("akka.tcp", "secagg", "10.0.0.1", 4053);

    private static Address Node(int i) => new("akka.tcp", "secagg", $"10.0.0.{i}", 4054);

    private static ClusterSessionOpened OpenedOn(params int[] nodes) =>
        new(1, SessionId.New(), new ProtocolParameters(nodes.Length, 2, 16, 10), new byte[32], 1, TimeSpan.FromSeconds(1),
            nodes.Select((node, i) => new SessionMember(i + 1, $"n{node}/client-{i:D4}", $"{Node(node)}/user/clients/client-{i + 1}#{100 + i}")).ToArray(), []);

    [Fact]
    public void A_journalled_address_is_known_once()
    {
        var nodes = KnownClientNodes.None.With(Node(2).ToString()).With(Node(2).ToString());

        Assert.Equal(new[] { Node(2) }, nodes.Addresses);
        Assert.True(nodes.Contains(Node(2)));
    }

    [Fact]
    public void An_address_that_does_not_parse_is_skipped() => Assert.Empty(KnownClientNodes.None.With("not an address").Addresses);

    [Fact]
    public void Knowing_nothing_the_server_joins_itself_alone() => Assert.Equal(new[] { Self }, KnownClientNodes.None.SeedsFor(Self, null));

    [Fact]
    public void The_seeds_are_this_node_then_the_open_sessions_nodes_then_the_other_known_nodes_each_once()
    {
        var nodes = KnownClientNodes.None.With(Node(4).ToString()).With(Node(3).ToString()).With(Node(5).ToString());

        var seeds = nodes.SeedsFor(Self, OpenedOn(3, 2, 3));

        Assert.Equal(new[] { Self, Node(3), Node(2), Node(4), Node(5) }, seeds);
    }
}
