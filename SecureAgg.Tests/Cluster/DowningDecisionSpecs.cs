using Akka.Actor;
using Akka.Cluster;
using SecureAgg.Actors.Cluster;
using static SecureAgg.Actors.Cluster.DowningDecision;

namespace SecureAgg.Tests.Cluster;

/// <summary>The server's authority over downing: who may down whom, on whose observation, and which incarnation.</summary>
public sealed class DowningDecisionSpecs
{
    private static readonly Node Server = new(new UniqueAddress(new Address("akka.ssl.tcp", "secagg", "10.0.0.1", 4053), 11), IsServer: true);
    private static readonly Node ClientNode = new(new UniqueAddress(new Address("akka.ssl.tcp", "secagg", "10.0.0.2", 4054), 22), IsServer: false);

    private static View Seen(Node[] members, Node[] unreachable, params Node[] ownHeartbeatsFail) =>
        new(members.Select(n => n.Incarnation).ToHashSet(), unreachable.Select(n => n.Incarnation).ToHashSet(),
            address => ownHeartbeatsFail.Any(n => n.Address.Equals(address)));

    [Fact]
    public void The_server_downs_a_client_node_that_stays_unreachable() =>
        Assert.Equal(Verdict.Down, For(ClientNode, selfIsServer: true, Seen([Server, ClientNode], [ClientNode], ClientNode)));

    [Fact]
    public void A_client_node_never_downs_another_client_node() =>
        Assert.Equal(Verdict.NotOurs, For(ClientNode, selfIsServer: false, Seen([Server, ClientNode], [ClientNode], ClientNode)));

    [Fact]
    public void A_client_node_downs_a_server_its_own_heartbeats_lost() =>
        Assert.Equal(Verdict.Down, For(Server, selfIsServer: false, Seen([Server, ClientNode], [Server], Server)));

    [Fact]
    public void A_client_node_waits_while_only_another_node_finds_the_server_unreachable() =>
        // Under a CPU burner one starved client node lost the server; the other client nodes acted on its observation
        // and downed a live server.
        Assert.Equal(Verdict.Wait, For(Server, selfIsServer: false, Seen([Server, ClientNode], [Server])));

    [Fact]
    public void A_node_reachable_again_is_left_alone() =>
        Assert.Equal(Verdict.Reachable, For(ClientNode, selfIsServer: true, Seen([Server, ClientNode], [], ClientNode)));

    [Fact]
    public void A_restarted_node_is_never_downed_for_its_old_incarnation()
    {
        var restarted = Server with { Incarnation = new UniqueAddress(Server.Address, 12) };

        Assert.Equal(Verdict.Gone, For(Server, selfIsServer: false, Seen([restarted, ClientNode], [Server], Server)));
    }

    [Fact]
    public void A_removed_node_is_forgotten() =>
        Assert.Equal(Verdict.Gone, For(ClientNode, selfIsServer: true, Seen([Server], [ClientNode], ClientNode)));
}
