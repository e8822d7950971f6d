using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SecureAgg.Crypto;

namespace SecureAgg.Benchmarks;

/// <summary>
/// Mask expansion: <see cref="MaskPrg.Accumulate(ReadOnlySpan{byte}, Span{uint}, bool)"/> of m words into an
/// accumulator (32-bit lanes, b ≤ 32, and 64-bit lanes, b &gt; 32), each against the raw floor of the same byte count:
/// one AES-128 ECB call over preallocated 16-byte counter blocks into a preallocated buffer, key set once. The
/// difference is the PRG's own overhead (SHA-256 of the seed, key schedule, the SIMD add). One category per lane
/// width, each with its own baseline, so Ratio compares equal byte counts. GB/s = Words × bytes per word / mean-ns.
/// </summary>
[MemoryDiagnoser]
[ThroughputColumns]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PrgBenchmarks
{
    private const string Lanes32 = "32-bit lanes";
    private const string Lanes64 = "64-bit lanes";
    private const int BlockSize = 16;

    private readonly byte[] _seed = new byte[MaskPrg.SeedSize];
    private uint[] _accumulator32 = [];
    private ulong[] _accumulator64 = [];
    private byte[] _counters32 = [];
    private byte[] _counters64 = [];
    private byte[] _keystream = [];
    private Aes? _aes;

    [Params(100_000, 1_000_000)]
    public int Words { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_seed);
        _accumulator32 = new uint[Words];
        _accumulator64 = new ulong[Words];
        _counters32 = CounterBlocks(Words * sizeof(uint));
        _counters64 = CounterBlocks(Words * sizeof(ulong));
        _keystream = new byte[_counters64.Length];
        _aes = Aes.Create();
        _aes.Key = SHA256.HashData(_seed).AsSpan(0, 16).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _aes?.Dispose();

    [Benchmark(Baseline = true, Description = "AES-128-ECB floor (4m bytes)")]
    [BenchmarkCategory(Lanes32)]
    [BytesPerWord(sizeof(uint))]
    public int AesEcb32() => _aes!.EncryptEcb(_counters32, _keystream.AsSpan(0, _counters32.Length), PaddingMode.None);

    [Benchmark(Description = "MaskPrg.Accumulate uint")]
    [BenchmarkCategory(Lanes32)]
    [BytesPerWord(sizeof(uint))]
    public void Accumulate32() => MaskPrg.Accumulate(_seed, _accumulator32, subtract: false);

    [Benchmark(Baseline = true, Description = "AES-128-ECB floor (8m bytes)")]
    [BenchmarkCategory(Lanes64)]
    [BytesPerWord(sizeof(ulong))]
    public int AesEcb64() => _aes!.EncryptEcb(_counters64, _keystream.AsSpan(0, _counters64.Length), PaddingMode.None);

    [Benchmark(Description = "MaskPrg.Accumulate ulong")]
    [BenchmarkCategory(Lanes64)]
    [BytesPerWord(sizeof(ulong))]
    public void Accumulate64() => MaskPrg.Accumulate(_seed, _accumulator64, subtract: false);

    // Blocks 0, 1, 2, … as 128-bit little-endian integers, as MaskPrg lays them out.
    private static byte[] CounterBlocks(int bytes)
    {
        var blocks = new byte[(bytes + BlockSize - 1) / BlockSize * BlockSize];
        var words = MemoryMarshal.Cast<byte, ulong>(blocks.AsSpan());
        for (var block = 0; block < blocks.Length / BlockSize; block++)
            words[2 * block] = (ulong)block;
        return blocks;
    }
}
