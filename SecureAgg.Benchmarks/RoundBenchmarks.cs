using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Benchmarks;

/// <summary>
/// One full semi-honest aggregation round in process: n = 100 clients, m = 100,000 words, b = 32, default threshold
/// (67), with a fraction p of the clients vanishing before they send their masked input (so the server reconstructs
/// and removes their pairwise masks). Wall time of <see cref="LocalRound.Run"/>, clients in parallel on all cores;
/// an op takes seconds, hence one launch, one warm-up and three measured iterations of one invocation each. A round
/// whose output is not the plaintext sum of the survivors' inputs throws, so a wrong result cannot be timed.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RoundBenchmarks
{
    private const int Clients = 100;
    private const int VectorLength = 100_000;

    private ProtocolParameters? _parameters;
    private DropoutPlan? _dropouts;

    [Params(0.0, 0.3)]
    public double DropoutFraction { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _parameters = ProtocolParameters.WithDefaults(Clients, VectorLength);
        _dropouts = DropoutPlan.Random(Clients, DropoutFraction, ProtocolRound.MaskedInputCollection, 1);
    }

    [Benchmark]
    public LocalRoundResult Round()
    {
        var result = LocalRound.Run(_parameters!, _dropouts!, seed: 1);
        if (!result.Verified)
            throw new InvalidOperationException(
                $"Round with p = {DropoutFraction} did not verify (abort: {result.Abort?.ToString() ?? "none"}).");
        return result;
    }
}
