using Akka.Actor;
using Akka.Configuration;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Cluster;

/// <summary>The client node's verdict, asked for by message: given once, to whoever asked before or after it.</summary>
public sealed class ClientNodeGuardianSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "guardian-specs", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Config Config =>
        ClusterAkkaConfig.For(ClusterAkkaConfig.ClientRole, "127.0.0.1", null, 0, null).WithFallback(SecAggActorConfig.Serialization());

    private IActorRef Guardian() =>
        Sys.ActorOf(ClientNodeGuardian.Props([], TimeSpan.FromMinutes(1), ClientAgentSettings.Of(new byte[32]), new SimulatedInputClient(), null));

    [Fact]
    public void A_host_that_asked_before_hears_the_verdict_when_a_client_cannot_take_part()
    {
        var guardian = Guardian();
        var host = CreateTestProbe();
        host.Send(guardian, AwaitClientNodeFinished.Instance);

        guardian.Tell(new ClientNodeGuardian.ClientFailed("node1/client-0001", "no data"));

        Assert.Equal(new ClientNodeFinished("node1/client-0001 cannot take part: no data"), host.ExpectMsg<ClientNodeFinished>(Patience));
    }

    [Fact]
    public async Task A_host_that_asks_after_the_verdict_hears_the_first_one_at_once()
    {
        var guardian = Guardian();
        guardian.Tell(new ClientNodeGuardian.ClientFailed("a", "first"));
        guardian.Tell(new ClientNodeGuardian.ClientFailed("b", "second"));

        var verdict = await guardian.Ask<ClientNodeFinished>(AwaitClientNodeFinished.Instance, Patience);

        Assert.Equal("a cannot take part: first", verdict.Error);
    }
}
