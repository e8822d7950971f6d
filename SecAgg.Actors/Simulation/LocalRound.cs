using System.Collections.Concurrent;
using System.Diagnostics;
using SecAgg.Crypto;
using SecAgg.Protocol;
using SecAgg.Protocol.Messages;

namespace SecAgg.Simulation;

/// <summary>Wall and CPU time of one protocol round in a local run.</summary>
public sealed record RoundTiming(ProtocolRound Round, int ClientsAnswering, double ServerMs, double ClientTotalMs, double ClientWallMs)
{
    public double ClientAverageMs => ClientsAnswering == 0 ? 0 : ClientTotalMs / ClientsAnswering;
}

/// <summary>The outcome of one aggregation run in one process, with what it cost.</summary>
public sealed record LocalRoundResult(
    ProtocolParameters Parameters,
    ulong[]? Aggregate,
    ulong[]? ExpectedSum,
    ProtocolError? Abort,
    IReadOnlyList<int[]> Survivors,
    IReadOnlyList<RoundTiming> Timings,
    IReadOnlyList<ProtocolError> ClientErrors,
    IReadOnlyList<UnmaskResponse> UnmaskResponses,
    long ClientBytesSent,
    int ClientsStarted,
    long ServerBytesSent,
    int MasksRegenerated,
    double WallMs)
{
    /// <summary>The server finished and its output equals the plaintext sum of exactly the inputs in U3.</summary>
    public bool Verified => Aggregate is not null && ExpectedSum is not null && Aggregate.AsSpan().SequenceEqual(ExpectedSum);

    public double ServerMs => Timings.Sum(t => t.ServerMs);

    public double ClientTotalMs => Timings.Sum(t => t.ClientTotalMs);

    /// <summary>Average over the clients that started of each one's summed compute time.</summary>
    public double ClientAverageMs => ClientsStarted == 0 ? 0 : ClientTotalMs / ClientsStarted;

    public double ClientBytesAverage => ClientsStarted == 0 ? 0 : (double)ClientBytesSent / ClientsStarted;
}

/// <summary>Hooks for tests that play a misbehaving network or server.</summary>
public sealed record LocalRoundHooks(
    Func<IServerMessage, IServerMessage>? OnServerMessage = null,
    Func<IClientMessage, IClientMessage>? OnClientMessage = null);

/// <summary>
/// Runs one aggregation with the pure sessions in one process: n clients and a server exchanging messages in memory,
/// clients that the dropout plan removes simply stop answering, and each round closes once every remaining client has
/// answered (the server's deadline). Client work within a round runs in parallel on all cores.
/// </summary>
public static class LocalRound
{
    public static LocalRoundResult Run(ProtocolParameters parameters, DropoutPlan dropouts, int seed = 1, bool parallel = true, LocalRoundHooks? hooks = null)
    {
        var wall = Stopwatch.StartNew();
        var session = SessionId.New();
        var graph = NeighbourGraph.For(parameters, ReproducibleRandom.Seed(seed, "graph"));
        IdentityDirectory? directory = null;
        SigningKeyPair[]? identities = null;
        if (parameters.Mode == SecurityMode.Active)
        {
            identities = Enumerable.Range(0, parameters.ClientCount).Select(_ => SigningKeyPair.Generate()).ToArray();
            directory = new IdentityDirectory(Enumerable.Range(1, parameters.ClientCount).ToDictionary(id => id, id => identities[id - 1].PublicKey));
        }

        var server = new ServerSession(parameters, session, graph, directory);
        var clients = new ClientSession?[parameters.ClientCount + 1];
        var timings = new List<RoundTiming>();
        var clientErrors = new ConcurrentBag<ProtocolError>();
        var unmaskResponses = new ConcurrentBag<UnmaskResponse>();
        long clientBytes = 0, serverBytes = 0;
        var clientsStarted = 0;

        // Round 0: every client that answers creates its session and advertises its keys.
        var joining = Enumerable.Range(1, parameters.ClientCount).Where(id => dropouts.Answers(id, ProtocolRound.AdvertiseKeys)).ToArray();
        // Test inputs are made before the clock starts: they are the simulation's data, not protocol work.
        var inputs = new ulong[parameters.ClientCount + 1][];
        Parallel.ForEach(joining, id => inputs[id] = ClientInput(parameters, seed, id));
        var replies = RunClients(joining, parallel, id =>
        {
            var client = new ClientSession(parameters, session, id, graph, inputs[id], identities?[id - 1], directory);
            inputs[id] = [];
            clients[id] = client;
            return client.Start();
        }, out var clientTotal, out var clientWall);
        clientsStarted = joining.Length;
        IReadOnlyList<IServerMessage> outgoing = Deliver(server, replies, hooks, parameters.Bits, ref clientBytes, out var serverMs, out var step);
        timings.Add(new RoundTiming(ProtocolRound.AdvertiseKeys, replies.Count, serverMs, clientTotal, clientWall));

        while (step.Abort is null && step.Aggregate is null)
        {
            serverBytes += outgoing.Sum(m => PayloadSize.Of(m, parameters.Bits));
            var round = outgoing.Count > 0 ? outgoing[0].Round : ProtocolRound.Unmasking;
            var answeringRound = NextClientRound(round);
            var byRecipient = outgoing.Where(m => clients[m.Recipient] is not null && dropouts.Answers(m.Recipient, answeringRound))
                .ToDictionary(m => m.Recipient);
            replies = RunClients(byRecipient.Keys.ToArray(), parallel, id =>
            {
                var message = byRecipient[id];
                if (hooks?.OnServerMessage is { } tamper)
                    message = tamper(message);
                var result = clients[id]!.Handle(message);
                if (result.Error is not null)
                    clientErrors.Add(result.Error);
                if (result.Reply is UnmaskResponse response)
                    unmaskResponses.Add(response);
                return result.Reply;
            }, out clientTotal, out clientWall);
            outgoing = Deliver(server, replies, hooks, parameters.Bits, ref clientBytes, out serverMs, out step);
            timings.Add(new RoundTiming(answeringRound, replies.Count, serverMs, clientTotal, clientWall));
        }

        ulong[]? expected = null;
        if (server.MaskedInputSenders.Count > 0 && step.Aggregate is not null)
        {
            var sum = ModularAccumulator.Create(parameters.Bits, parameters.VectorLength);
            foreach (var u in server.MaskedInputSenders)
                sum.Add(ClientInput(parameters, seed, u));
            expected = sum.ToVector();
        }
        return new LocalRoundResult(parameters, step.Aggregate, expected, step.Abort, server.Survivors, timings, clientErrors.ToArray(),
            unmaskResponses.ToArray(), clientBytes, clientsStarted, serverBytes, server.MasksRegenerated, wall.Elapsed.TotalMilliseconds);
    }

    /// <summary>Client u's input in a local run: uniform words mod R, reproducible from the seed.</summary>
    public static ulong[] ClientInput(ProtocolParameters parameters, int seed, int client) =>
        ReproducibleRandom.Vector(parameters.VectorLength, parameters.Bits, seed, $"input {client}");

    // What clients send in answer to a server message of the given round.
    private static ProtocolRound NextClientRound(ProtocolRound serverRound) => serverRound switch
    {
        ProtocolRound.AdvertiseKeys => ProtocolRound.ShareKeys,
        ProtocolRound.ShareKeys => ProtocolRound.MaskedInputCollection,
        ProtocolRound.ConsistencyCheck => ProtocolRound.ConsistencyCheck,
        _ => ProtocolRound.Unmasking,
    };

    private static List<IClientMessage> RunClients(int[] ids, bool parallel, Func<int, IClientMessage?> work, out double totalMs, out double wallMs)
    {
        var results = new IClientMessage?[ids.Length];
        var ticks = new long[ids.Length];
        var wall = Stopwatch.StartNew();
        void One(int i)
        {
            var start = Stopwatch.GetTimestamp();
            results[i] = work(ids[i]);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        if (parallel)
            Parallel.For(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, One);
        else
            for (var i = 0; i < ids.Length; i++)
                One(i);
        wallMs = wall.Elapsed.TotalMilliseconds;
        totalMs = ticks.Sum() * 1000.0 / Stopwatch.Frequency;
        return results.Where(r => r is not null).Select(r => r!).ToList();
    }

    private static IReadOnlyList<IServerMessage> Deliver(ServerSession server, List<IClientMessage> replies, LocalRoundHooks? hooks, int bits,
        ref long clientBytes, out double serverMs, out ServerStep step)
    {
        var timer = Stopwatch.StartNew();
        foreach (var reply in replies)
        {
            clientBytes += PayloadSize.Of(reply, bits);
            var message = hooks?.OnClientMessage is { } tamper ? tamper(reply) : reply;
            server.Handle(message);
        }
        step = server.CloseRound();
        serverMs = timer.Elapsed.TotalMilliseconds;
        return step.Messages;
    }
}
