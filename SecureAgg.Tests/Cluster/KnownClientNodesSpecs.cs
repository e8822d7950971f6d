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

    [Fact]
    public void A_journal_written_over_plain_tcp_gives_seeds_in_the_tls_scheme_of_a_restarted_server()
    {
        var tlsSelf = new Address("akka.ssl.tcp", Self.System, Self.Host, Self.Port);
        var nodes = KnownClientNodes.None.With(Node(4).ToString()).With(Node(3).ToString());

        var seeds = nodes.SeedsFor(tlsSelf, OpenedOn(3, 2, 3));

        Assert.All(seeds, seed => Assert.Equal("akka.ssl.tcp", seed.Protocol));
        Assert.Equal(new[] { tlsSelf, Node(3).As("akka.ssl.tcp"), Node(2).As("akka.ssl.tcp"), Node(4).As("akka.ssl.tcp") }, seeds);
        Assert.Equal("akka.ssl.tcp://secagg@10.0.0.7:4054/user/clients/client-1",
            RemotingScheme.As("akka.tcp://secagg@10.0.0.7:4054/user/clients/client-1", "akka.ssl.tcp"));
        Assert.Equal("akka://local/user/x", RemotingScheme.As("akka://local/user/x", "akka.ssl.tcp"));
    }
}
