using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using SecureAgg.Actors;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Actors;

/// <summary>
/// <see cref="DeterministicDeadlines"/> on a real server session actor, the AdvertiseKeys round driven from probes: how
/// late a client answers does not matter, only whether every missing client fell silent.
/// </summary>
public sealed class DeterministicDeadlinesSpecs(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(Config, "deterministic-deadlines-specs", output)
{
    private const int N = 4;
    // Virtual time: on the TestScheduler it passes only when the driver says so, however short it is.
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly ProtocolParameters Parameters = new(N, 3, 16, 64);

    private static Config Config =>
        DeterministicDeadlines.Config
            .WithFallback(SecAggActorConfig.Serialization(verifyEveryMessage: true))
            .WithFallback(JournalTarget.Parse("memory").ToConfig());

    private sealed record Round(SessionId Session, IActorRef Server, AdvertiseKeys[] Keys, TestProbe[] Clients, TestProbe Reports);

    private Round Open()
    {
        var session = SessionId.New();
        var graph = NeighbourGraph.Complete(N);
        var keys = Enumerable.Range(1, N).Select(id => new ClientSession(Parameters, session, id, graph, LocalRound.ClientInput(Parameters, 3, id)).Start()).ToArray();
        var clients = Enumerable.Range(1, N).Select(id => CreateTestProbe($"client-{id}")).ToArray();
        var reports = CreateTestProbe("reports");
        var settings = new ServerSessionSettings(Parameters, session, new byte[32], RoundTimeout);
        var server = Sys.ActorOf(ServerSessionActor.Props(settings, Enumerable.Range(1, N).ToDictionary(id => id, id => clients[id - 1].Ref), reports.Ref));
        return new Round(session, server, keys, clients, reports);
    }

    private static void SendAllBut(Round round, int missing)
    {
        for (var id = 1; id <= N; id++)
        {
            if (id != missing)
                round.Clients[id - 1].Send(round.Server, round.Keys[id - 1]);
        }
    }

    [Fact]
    public void A_client_answering_long_after_the_round_timeout_is_still_counted()
    {
        var round = Open();
        SendAllBut(round, missing: 4);

        // Ten round timeouts of real time: on the clock, client 4 would have been dropped by now.
        round.Reports.ExpectNoMsg(RoundTimeout * 10);
        round.Clients[3].Send(round.Server, round.Keys[3]);

        var closed = round.Reports.ExpectMsg<RoundClosedNotice>(Patience);
        Assert.False(closed.ByDeadline);
        Assert.Equal(N, closed.Survivors);
    }

    [Fact]
    public void The_deadline_fires_once_the_only_missing_client_fell_silent()
    {
        var round = Open();
        SendAllBut(round, missing: 4);

        Sys.EventStream.Publish(new DropoutInjectedNotice(round.Session, 4, ProtocolRound.AdvertiseKeys));

        var closed = round.Reports.ExpectMsg<RoundClosedNotice>(Patience);
        Assert.True(closed.ByDeadline);
        Assert.Equal(N - 1, closed.Survivors);
    }
}
