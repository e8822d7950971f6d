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
/// The server session actor driven message by message from test probes, every message serialized: late and duplicate
/// messages are ignored, and an actor restarted from its journal keeps its U3 decision and finishes the round.
/// </summary>
public sealed class ServerSessionActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "server-session-specs", output)
{
    private const int N = 4;
    // Never reached in a test: where a round must end by its deadline, the test sends the deadline message itself.
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(10);
    private static readonly ProtocolParameters Parameters = new(N, 3, 16, 64);

    private static Config Config =>
        ConfigurationFactory.ParseString("akka.loglevel = INFO")
            .WithFallback(SecAggActorConfig.Serialization(verifyEveryMessage: true))
            .WithFallback(JournalTarget.Parse("memory").ToConfig());

    private sealed record Setup(ServerSessionSettings Settings, ClientSession[] Clients, TestProbe[] Probes, TestProbe Reports, ulong[][] Inputs);

    private Setup Create()
    {
        var session = SessionId.New();
        var graph = NeighbourGraph.Complete(N);
        var inputs = Enumerable.Range(1, N).Select(id => LocalRound.ClientInput(Parameters, 3, id)).ToArray();
        var clients = Enumerable.Range(1, N).Select(id => new ClientSession(Parameters, session, id, graph, inputs[id - 1])).ToArray();
        var probes = Enumerable.Range(1, N).Select(id => CreateTestProbe($"client-{id}")).ToArray();
        var settings = new ServerSessionSettings(Parameters, session, new byte[32], RoundTimeout);
        return new Setup(settings, clients, probes, CreateTestProbe("reports"), inputs);
    }

    private IActorRef StartServer(Setup setup) =>
        Sys.ActorOf(ServerSessionActor.Props(setup.Settings, Enumerable.Range(1, N).ToDictionary(id => id, id => setup.Probes[id - 1].Ref), setup.Reports.Ref));

    // How long to wait for an expected message at most: generous, since the whole suite shares two cores.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static T ExpectServerMessage<T>(TestProbe probe) where T : IServerMessage => probe.ExpectMsg<T>(Patience);

    // Each message goes out from its client's own probe: the server only accepts a client's messages from that client.
    private static void Send(Setup setup, IActorRef server, IClientMessage message) => setup.Probes[message.Sender - 1].Send(server, message);

    private static IClientMessage Answer(Setup setup, int id, IServerMessage message) => setup.Clients[id - 1].Handle(message).Reply!;

    [Fact]
    public void A_duplicate_and_a_late_message_are_ignored_and_the_round_still_sums_correctly()
    {
        var setup = Create();
        var server = StartServer(setup);
        var keys = setup.Clients.Select(c => c.Start()).ToArray();
        server.Tell(keys[1]);
        Assert.Contains("not by client 2's actor", setup.Reports.FishForMessage<MessageIgnoredNotice>(_ => true, Patience).Reason.Message);
        Send(setup, server, keys[0]);
        Send(setup, server, keys[0]);
        var duplicate = setup.Reports.FishForMessage<MessageIgnoredNotice>(_ => true, Patience);
        Assert.Equal(new DuplicateMessage(ProtocolRound.AdvertiseKeys, 1), duplicate.Reason);
        foreach (var k in keys.Skip(1))
            Send(setup, server, k);

        var broadcasts = setup.Probes.Select(ExpectServerMessage<KeysAdvertised>).ToArray();
        Send(setup, server, keys[2]);
        Assert.IsType<WrongRound>(setup.Reports.FishForMessage<MessageIgnoredNotice>(_ => true, Patience).Reason);

        for (var id = 1; id <= N; id++)
            Send(setup, server, Answer(setup, id, broadcasts[id - 1]));
        var forwarded = setup.Probes.Select(ExpectServerMessage<SharesForwarded>).ToArray();
        for (var id = 1; id <= N; id++)
            Send(setup, server, Answer(setup, id, forwarded[id - 1]));
        var requests = setup.Probes.Select(ExpectServerMessage<UnmaskRequest>).ToArray();
        for (var id = 1; id <= N; id++)
            Send(setup, server, Answer(setup, id, requests[id - 1]));

        var done = setup.Reports.FishForMessage<AggregationCompleted>(_ => true, Patience);
        Assert.Equal(Sum(setup, [1, 2, 3, 4]), done.Aggregate);
        Assert.False(done.Recovered);
    }

    [Fact]
    public void A_server_restarted_from_its_journal_keeps_its_U3_and_refuses_a_late_masked_input()
    {
        var setup = Create();
        var server = StartServer(setup);
        foreach (var client in setup.Clients)
            Send(setup, server, client.Start());
        var broadcasts = setup.Probes.Select(ExpectServerMessage<KeysAdvertised>).ToArray();
        for (var id = 1; id <= N; id++)
            Send(setup, server, Answer(setup, id, broadcasts[id - 1]));
        var forwarded = setup.Probes.Select(ExpectServerMessage<SharesForwarded>).ToArray();
        var masked = Enumerable.Range(1, N).Select(id => Answer(setup, id, forwarded[id - 1])).ToArray();

        // Client 4's masked input misses the deadline: U3 = {1, 2, 3}. The deadline is queued behind the three inputs,
        // and the actor takes its mailbox in order, so exactly those three are in.
        foreach (var m in masked.Take(3))
            Send(setup, server, m);
        server.Tell(new RoundDeadline(ServerPhase.MaskedInputCollection));
        var closed = setup.Reports.FishForMessage<RoundClosedNotice>(n => n.Phase == ServerPhase.MaskedInputCollection, Patience);
        Assert.True(closed.ByDeadline);
        Assert.Equal(3, closed.Survivors);
        var requests = setup.Probes.Take(3).Select(ExpectServerMessage<UnmaskRequest>).ToArray();

        // Crash: stop the actor, start a new incarnation with the same persistence id; it replays the journal.
        Watch(server);
        Sys.Stop(server);
        ExpectTerminated(server);
        var restarted = StartServer(setup);

        // The new incarnation re-sends the same unmasking requests: the same U3, not a new decision.
        var again = setup.Probes.Take(3).Select(ExpectServerMessage<UnmaskRequest>).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(requests[i].Survivors, again[i].Survivors);
            Assert.Equal([4], again[i].Dropped);
        }
        Send(setup, restarted, masked[3]);
        Assert.IsType<WrongRound>(setup.Reports.FishForMessage<MessageIgnoredNotice>(_ => true, Patience).Reason);

        for (var id = 1; id <= 3; id++)
            Send(setup, restarted, Answer(setup, id, again[id - 1]));
        var done = setup.Reports.FishForMessage<AggregationCompleted>(_ => true, Patience);
        Assert.True(done.Recovered);
        Assert.Equal([1, 2, 3], done.Survivors[2]);
        Assert.Equal(Sum(setup, [1, 2, 3]), done.Aggregate);
    }

    private static ulong[] Sum(Setup setup, int[] ids)
    {
        var sum = ModularAccumulator.Create(Parameters.Bits, Parameters.VectorLength);
        foreach (var id in ids)
            sum.Add(setup.Inputs[id - 1]);
        return sum.ToVector();
    }
}
