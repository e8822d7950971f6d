using System.Collections.Concurrent;
using System.Diagnostics;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Simulation;

/// <summary>Wall and CPU time of one protocol round in a local run.</summary>
public sealed record RoundTiming(ProtocolRound Round, int ClientsAnswering, double ServerMs, double ClientTotalMs, double ClientWallMs)
{
    public double ClientAverageMs => ClientsAnswering == 0 ? 0 : ClientTotalMs / ClientsAnswering;
}

/// <summary>The outcome of one aggregation run in one process, with what it cost and the wrong shares the server left out.</summary>
public sealed record LocalRoundResult(
    ProtocolParameters Parameters,
    ulong[]? Aggregate,
    ulong[]? ExpectedSum,
    ProtocolError? Abort,
    IReadOnlyList<int[]> Survivors,
    IReadOnlyList<RoundTiming> Timings,
    IReadOnlyList<ProtocolError> ClientErrors,
    IReadOnlyList<UnmaskResponse> UnmaskResponses,
    IReadOnlyDictionary<int, long> ClientBytesBySender,
    int ClientsStarted,
    long ServerBytesSent,
    int MasksRegenerated,
    double WallMs,
    IReadOnlyList<DiscardedShare> DiscardedShares)
{
    /// <summary>The server finished and its output equals the plaintext sum of exactly the inputs in U3.</summary>
    public bool Verified => Aggregate is not null && ExpectedSum is not null && Aggregate.AsSpan().SequenceEqual(ExpectedSum);

    public double ServerMs => Timings.Sum(t => t.ServerMs);

    public double ClientTotalMs => Timings.Sum(t => t.ClientTotalMs);

    /// <summary>Average over the clients that started of each one's summed compute time.</summary>
    public double ClientAverageMs => ClientsStarted == 0 ? 0 : ClientTotalMs / ClientsStarted;

    public long ClientBytesSent => ClientBytesBySender.Values.Sum();

    public double ClientBytesAverage => ClientsStarted == 0 ? 0 : (double)ClientBytesSent / ClientsStarted;

    /// <summary>Bytes sent by a client that took part in every round (the last survivor set), on average.</summary>
    public double FinisherBytesAverage => Survivors.Count == 0 || Survivors[^1].Length == 0 ? 0 : Survivors[^1].Average(u => (double)ClientBytesBySender[u]);
}

/// <summary>Hooks for tests that play a misbehaving network or server.</summary>
public sealed record LocalRoundHooks(
    Func<IServerMessage, IServerMessage>? OnServerMessage = null,
    Func<IClientMessage, IClientMessage>? OnClientMessage = null);

/// <summary>
/// Runs one aggregation with the pure sessions in one process: n clients and a server exchanging messages in memory,
/// clients that the dropout plan removes simply stop answering, and each round closes once every remaining client has
/// answered (the server's deadline). Client work within a round runs in parallel on all cores. A caller that wants
/// progress lines passes a <see cref="LocalRoundProgress"/> and reads it while the round runs.
/// </summary>
public static class LocalRound
{
    public static LocalRoundResult Run(ProtocolParameters parameters, DropoutPlan dropouts, int seed = 1, bool parallel = true, LocalRoundHooks? hooks = null,
        LocalRoundProgress? progress = null)
    {
        var wall = Stopwatch.StartNew();
        var session = SessionId.New();
        var graph = NeighbourGraph.For(parameters, ReproducibleRandom.Seed(seed, "graph"));
        IdentityDirectory? directory = null;
        SigningKeyPair[]? identities = null;
        if (parameters.Mode == SecurityMode.Active)
        {
            progress?.Begin("generating identity keys");
            identities = Enumerable.Range(0, parameters.ClientCount).Select(_ => SigningKeyPair.Generate()).ToArray();
            directory = new IdentityDirectory(Enumerable.Range(1, parameters.ClientCount).ToDictionary(id => id, id => identities[id - 1].PublicKey));
        }

        var server = new ServerSession(parameters, session, graph, directory);
        var clients = new ClientSession?[parameters.ClientCount + 1];
        var timings = new List<RoundTiming>();
        var clientErrors = new ConcurrentBag<ProtocolError>();
        var unmaskResponses = new ConcurrentBag<UnmaskResponse>();
        long serverBytes = 0;
        var clientsStarted = 0;

        // Round 0: every client that answers creates its session and advertises its keys.
        var joining = Enumerable.Range(1, parameters.ClientCount).Where(id => dropouts.Answers(id, ProtocolRound.AdvertiseKeys)).ToArray();
        // Test inputs are made before the clock starts: they are the simulation's data, not protocol work.
        var inputs = new ulong[parameters.ClientCount + 1][];
        progress?.Begin("making test inputs", joining.Length);
        Parallel.ForEach(joining, id =>
        {
            inputs[id] = ClientInput(parameters, seed, id);
            progress?.ClientDone();
        });
        progress?.Begin(ProtocolRound.AdvertiseKeys.ToString(), joining.Length);
        var inbox = new ServerInbox(server, hooks, parameters.Bits);
        var answered = RunClients(joining, parallel, inbox, id =>
        {
            var client = new ClientSession(parameters, session, id, graph, inputs[id], identities?[id - 1], directory);
            inputs[id] = [];
            clients[id] = client;
            return client.Start();
        }, progress, out var clientTotal, out var clientWall);
        clientsStarted = joining.Length;
        progress?.Begin($"server closing {ProtocolRound.AdvertiseKeys}");
        var step = inbox.CloseRound(out var serverMs);
        IReadOnlyList<IServerMessage> outgoing = step.Messages;
        timings.Add(new RoundTiming(ProtocolRound.AdvertiseKeys, answered, serverMs, clientTotal, clientWall));

        while (step.Abort is null && step.Aggregate is null)
        {
            serverBytes += outgoing.Sum(m => PayloadSize.Of(m, parameters.Bits));
            var round = outgoing.Count > 0 ? outgoing[0].Round : ProtocolRound.Unmasking;
            var answeringRound = ReplyRound.For(round);
            var byRecipient = outgoing.Where(m => clients[m.Recipient] is not null && dropouts.Answers(m.Recipient, answeringRound))
                .ToDictionary(m => m.Recipient);
            progress?.Begin(answeringRound.ToString(), byRecipient.Count);
            answered = RunClients(byRecipient.Keys.ToArray(), parallel, inbox, id =>
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
            }, progress, out clientTotal, out clientWall);
            progress?.Begin($"server closing {answeringRound}");
            step = inbox.CloseRound(out serverMs);
            outgoing = step.Messages;
            timings.Add(new RoundTiming(answeringRound, answered, serverMs, clientTotal, clientWall));
        }

        ulong[]? expected = null;
        if (server.MaskedInputSenders.Count > 0 && step.Aggregate is not null)
        {
            progress?.Begin("checking the aggregate against the plaintext sum");
            expected = PlaintextSum.Of(parameters, server.MaskedInputSenders, u => ClientInput(parameters, seed, u));
        }
        return new LocalRoundResult(parameters, step.Aggregate, expected, step.Abort, server.Survivors, timings, clientErrors.ToArray(),
            unmaskResponses.ToArray(), inbox.BytesBySender, clientsStarted, serverBytes, server.MasksRegenerated, wall.Elapsed.TotalMilliseconds,
            server.DiscardedShares);
    }

    /// <summary>Client u's input in a local run: uniform words mod R, reproducible from the seed.</summary>
    public static ulong[] ClientInput(ProtocolParameters parameters, int seed, int client) =>
        ReproducibleRandom.Vector(parameters.VectorLength, parameters.Bits, seed, $"input {client}");

    // Each client's reply goes to the server as soon as it is made, as over a network, so replies never pile up.
    private static int RunClients(int[] ids, bool parallel, ServerInbox inbox, Func<int, IClientMessage?> work, LocalRoundProgress? progress,
        out double totalMs, out double wallMs)
    {
        var ticks = new long[ids.Length];
        var answered = 0;
        var wall = Stopwatch.StartNew();
        void One(int i)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = work(ids[i]);
            ticks[i] = Stopwatch.GetTimestamp() - start;
            progress?.ClientDone();
            if (reply is null)
                return;
            Interlocked.Increment(ref answered);
            inbox.Receive(reply);
        }
        if (parallel)
            Parallel.For(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, One);
        else
            for (var i = 0; i < ids.Length; i++)
                One(i);
        wallMs = wall.Elapsed.TotalMilliseconds;
        totalMs = ticks.Sum() * 1000.0 / Stopwatch.Frequency;
        return answered;
    }

    /// <summary>The server's side of the in-memory network: one message at a time, timed, with byte counts.</summary>
    private sealed class ServerInbox(ServerSession server, LocalRoundHooks? hooks, int bits)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<int, long> _bytesBySender = [];
        private long _ticks;

        public IReadOnlyDictionary<int, long> BytesBySender => _bytesBySender;

        public void Receive(IClientMessage reply)
        {
            var message = hooks?.OnClientMessage is { } tamper ? tamper(reply) : reply;
            lock (_gate)
            {
                _bytesBySender[reply.Sender] = _bytesBySender.GetValueOrDefault(reply.Sender) + PayloadSize.Of(reply, bits);
                var start = Stopwatch.GetTimestamp();
                server.Handle(message);
                _ticks += Stopwatch.GetTimestamp() - start;
            }
        }

        /// <summary>The round's deadline; the time reported is the server's for the whole round.</summary>
        public ServerStep CloseRound(out double serverMs)
        {
            var start = Stopwatch.GetTimestamp();
            var step = server.CloseRound();
            serverMs = (_ticks + Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
            _ticks = 0;
            return step;
        }
    }
}
