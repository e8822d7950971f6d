using BenchmarkDotNet.Attributes;
using SecureAgg.Crypto;

namespace SecureAgg.Benchmarks;

/// <summary>
/// Shamir t-of-n over GF(2^61 − 1) for one 32-byte secret: <see cref="ShamirSecretSharing.Split"/> to n holders,
/// <see cref="ShamirSecretSharing.TryCombine"/> from t shares with precomputed weights (the server's per-secret cost),
/// and <see cref="LagrangeWeights.AtZero"/> for t points (O(t²), once per set of holders). The t holders are a fixed
/// random subset of 1..n.
/// </summary>
[MemoryDiagnoser]
public class ShamirBenchmarks
{
    private readonly byte[] _secret = new byte[ShamirSecretSharing.SecretSize];
    private readonly byte[] _recovered = new byte[ShamirSecretSharing.SecretSize];
    private int[] _points = [];
    private int[] _holders = [];
    private ulong[][] _shares = [];
    private LagrangeWeights? _weights;

    public static IEnumerable<ShamirShape> Shapes => [new(67, 100), new(334, 500)];

    [ParamsSource(nameof(Shapes))]
    public ShamirShape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        random.NextBytes(_secret);
        _points = Enumerable.Range(1, Shape.Holders).ToArray();
        var all = ShamirSecretSharing.Split(_secret, Shape.Threshold, _points);
        var order = Enumerable.Range(0, Shape.Holders).ToArray();
        random.Shuffle(order);
        var chosen = order.Take(Shape.Threshold).ToArray();
        _holders = chosen.Select(i => _points[i]).ToArray();
        _shares = chosen.Select(i => all[i]).ToArray();
        _weights = LagrangeWeights.AtZero(_holders);
        if (!ShamirSecretSharing.TryCombine(_weights, _shares, _recovered) || !_recovered.AsSpan().SequenceEqual(_secret))
            throw new InvalidOperationException("Setup: the t shares do not reconstruct the secret.");
    }

    [Benchmark]
    public ulong[][] Split() => ShamirSecretSharing.Split(_secret, Shape.Threshold, _points);

    [Benchmark]
    public bool Combine()
    {
        if (!ShamirSecretSharing.TryCombine(_weights!, _shares, _recovered))
            throw new InvalidOperationException("TryCombine failed.");
        return true;
    }

    [Benchmark]
    public LagrangeWeights LagrangeAtZero() => LagrangeWeights.AtZero(_holders);
}
