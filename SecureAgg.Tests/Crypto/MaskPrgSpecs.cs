using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SecureAgg.Crypto;

namespace SecureAgg.Tests.Crypto;

/// <summary>
/// <see cref="MaskPrg"/> is textbook AES-128-CTR (key = the first 16 bytes of SHA-256(seed), counter block i = the
/// 128-bit little-endian integer i, keystream read as little-endian words), checked against an independent
/// construction and against known answers computed outside .NET.
/// </summary>
public sealed class MaskPrgSpecs
{
    // The PRG processes 4 MiB per chunk: 1,048,576 32-bit words or 524,288 64-bit words.
    private const int WordsPerChunk32 = 4 * 1024 * 1024 / 4;
    private const int WordsPerChunk64 = 4 * 1024 * 1024 / 8;

    private static byte[] Seed(int seed)
    {
        var bytes = new byte[MaskPrg.SeedSize];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>AES-128-CTR keystream built block by block from its definition, as little-endian uint32 words.</summary>
    private static uint[] Reference(byte[] seed, int words)
    {
        var key = SHA256.HashData(seed)[..16];
        var blocks = (words * 4 + 15) / 16;
        var counters = new byte[blocks * 16];
        for (var i = 0; i < blocks; i++)
            BinaryPrimitives.WriteUInt128LittleEndian(counters.AsSpan(16 * i, 16), (UInt128)i);
        using var aes = Aes.Create();
        aes.Key = key;
        var keystream = aes.EncryptEcb(counters, PaddingMode.None);
        var result = new uint[words];
        for (var i = 0; i < words; i++)
            result[i] = BinaryPrimitives.ReadUInt32LittleEndian(keystream.AsSpan(4 * i, 4));
        return result;
    }

    private static uint[] Expand(byte[] seed, int words)
    {
        var result = new uint[words];
        MaskPrg.Expand(seed, result);
        return result;
    }

    [Fact]
    public void ReferenceAes_MatchesFips197AppendixC1()
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        Assert.Equal(
            Convert.FromHexString("69c4e0d86a7b0430d8cdb78070b4c55a"),
            aes.EncryptEcb(Convert.FromHexString("00112233445566778899aabbccddeeff"), PaddingMode.None));
    }

    /// <summary>
    /// Known answers computed independently (Python: hashlib.sha256 and the pyca/cryptography AES-ECB over the counter
    /// blocks), including words on both sides of the first 4 MiB chunk boundary (word 1,048,576).
    /// </summary>
    [Theory]
    [InlineData(false,
        new uint[] { 0x513018b0, 0xdf37c579, 0x85130193, 0xa9b3433c, 0xea06eae8, 0xcdd7503a, 0x97c73203, 0x5f780a41 },
        new uint[] { 0x505747ce, 0x45720bab, 0xb57a90ac })]
    [InlineData(true,
        new uint[] { 0x037ee1f6, 0xc3b13273, 0x3cfac7ca, 0x888248ae, 0x79335ca6, 0xe7f80b75, 0xe2879f04, 0xc18bce18 },
        new uint[] { 0x039a384a, 0x3db421c7, 0x03c4b398 })]
    public void KnownAnswers(bool countingSeed, uint[] first8, uint[] around1048576)
    {
        // The all-zero seed, or the seed 00 01 02 … 1f.
        var seed = countingSeed ? Enumerable.Range(0, 32).Select(i => (byte)i).ToArray() : new byte[32];
        Assert.Equal(first8, Expand(seed, 8));
        var stream = Expand(seed, WordsPerChunk32 + 2);
        Assert.Equal(first8, stream[..8]);
        Assert.Equal(around1048576, stream[(WordsPerChunk32 - 1)..]);
        Assert.Equal(Reference(seed, WordsPerChunk32 + 2), stream);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(1000)]
    [InlineData(100_001)]
    [InlineData(WordsPerChunk32 - 1)]
    [InlineData(WordsPerChunk32)]
    [InlineData(WordsPerChunk32 + 1)]
    [InlineData(1_100_000)]
    public void Expand_EqualsTextbookAes128Ctr(int words)
    {
        var seed = Seed(words);
        Assert.Equal(Reference(seed, words), Expand(seed, words));
    }

    [Fact]
    public void Expand_OfShorterLengthIsAPrefix_AndOverwritesTheDestination()
    {
        var seed = Seed(7);
        var full = Expand(seed, 1000);
        foreach (var length in new[] { 0, 1, 2, 7, 8, 9, 999 })
        {
            var buffer = Enumerable.Repeat(0xdeadbeefu, length).ToArray();
            MaskPrg.Expand(seed, buffer);
            Assert.Equal(full[..length], buffer);
        }
    }

    [Fact]
    public void Accumulate_AddsTheStreamModulo2To32()
    {
        var seed = Seed(11);
        var rng = new Random(11);
        var accumulator = Enumerable.Range(0, 1001).Select(_ => (uint)rng.NextInt64(0, 1L << 32)).ToArray();
        var original = (uint[])accumulator.Clone();
        var stream = Reference(seed, accumulator.Length);

        MaskPrg.Accumulate(seed, accumulator, subtract: false);
        for (var i = 0; i < accumulator.Length; i++)
            Assert.Equal(unchecked(original[i] + stream[i]), accumulator[i]);

        var negated = new uint[accumulator.Length];
        MaskPrg.Accumulate(seed, negated, subtract: true);
        for (var i = 0; i < negated.Length; i++)
            Assert.Equal(unchecked(0u - stream[i]), negated[i]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(4096)]
    [InlineData(WordsPerChunk32 + 17)]
    public void AccumulateAddThenSubtract_RestoresTheAccumulator32(int length)
    {
        var rng = new Random(length);
        var accumulator = new uint[length];
        rng.NextBytes(MemoryMarshal.AsBytes(accumulator.AsSpan()));
        var original = (uint[])accumulator.Clone();
        var seed = Seed(length + 1);

        MaskPrg.Accumulate(seed, accumulator, subtract: false);
        Assert.NotEqual(original, accumulator);
        MaskPrg.Accumulate(seed, accumulator, subtract: true);
        Assert.Equal(original, accumulator);

        // Several masks, removed in a different order.
        var seeds = Enumerable.Range(0, 3).Select(i => Seed(1000 * length + i)).ToArray();
        foreach (var s in seeds)
            MaskPrg.Accumulate(s, accumulator, subtract: false);
        foreach (var s in new[] { seeds[1], seeds[0], seeds[2] })
            MaskPrg.Accumulate(s, accumulator, subtract: true);
        Assert.Equal(original, accumulator);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(4096)]
    [InlineData(WordsPerChunk64 + 17)]
    public void AccumulateAddThenSubtract_RestoresTheAccumulator64(int length)
    {
        var rng = new Random(length);
        var accumulator = new ulong[length];
        rng.NextBytes(MemoryMarshal.AsBytes(accumulator.AsSpan()));
        var original = (ulong[])accumulator.Clone();
        var seed = Seed(length + 2);

        MaskPrg.Accumulate(seed, accumulator, subtract: false);
        Assert.NotEqual(original, accumulator);
        MaskPrg.Accumulate(seed, accumulator, subtract: true);
        Assert.Equal(original, accumulator);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(501)]
    [InlineData(WordsPerChunk64)]
    [InlineData(WordsPerChunk64 + 3)]
    [InlineData(600_000)]
    public void SixtyFourBitLanes_AreThe32BitStreamPairedLowWordFirst(int length)
    {
        var seed = Seed(length + 3);
        var lanes = new ulong[length];
        MaskPrg.Accumulate(seed, lanes, subtract: false);
        var words = Reference(seed, 2 * length);
        for (var i = 0; i < length; i++)
        {
            var expected = words[2 * i] | ((ulong)words[2 * i + 1] << 32);
            if (lanes[i] != expected)
                Assert.Fail($"lane {i}: expected {expected:x16}, got {lanes[i]:x16}");
        }

        // Adding to a non-zero accumulator wraps mod 2^64.
        var accumulator = Enumerable.Repeat(ulong.MaxValue, Math.Min(length, 100)).ToArray();
        MaskPrg.Accumulate(seed, accumulator, subtract: false);
        for (var i = 0; i < accumulator.Length; i++)
            Assert.Equal(unchecked(lanes[i] - 1), accumulator[i]);
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentStreams()
    {
        var seed = Seed(21);
        var baseline = Expand(seed, 8);
        var seen = new HashSet<string> { Convert.ToHexString(MemoryMarshal.AsBytes(baseline.AsSpan())) };

        // Every one of the 256 seed bits matters, and the 256 single-bit neighbours of a seed give 256 unrelated streams.
        for (var bit = 0; bit < 8 * MaskPrg.SeedSize; bit++)
        {
            var stream = Expand(Flip(seed, bit), 8);
            Assert.True(seen.Add(Convert.ToHexString(MemoryMarshal.AsBytes(stream.AsSpan()))), $"flipping seed bit {bit} did not change the stream, or collided");
        }

        // Seeds with equal halves (which an XOR-of-halves key would all map to the zero key) give unrelated streams.
        for (var i = 0; i < 20; i++)
        {
            var half = RandomNumberGenerator.GetBytes(16);
            Assert.True(seen.Add(Convert.ToHexString(MemoryMarshal.AsBytes(Expand([.. half, .. half], 8).AsSpan()))));
        }

        // Unrelated seeds.
        for (var i = 0; i < 50; i++)
            Assert.True(seen.Add(Convert.ToHexString(MemoryMarshal.AsBytes(Expand(RandomNumberGenerator.GetBytes(32), 8).AsSpan()))));

        // The same seed always gives the same stream.
        Assert.Equal(baseline, Expand(seed, 8));
    }

    private static byte[] Flip(byte[] seed, int bit)
    {
        var copy = (byte[])seed.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void WrongSeedLength_Throws(int length)
    {
        var seed = new byte[length];
        Assert.Throws<ArgumentException>(() => MaskPrg.Expand(seed, new uint[4]));
        Assert.Throws<ArgumentException>(() => MaskPrg.Accumulate(seed, new uint[4], subtract: false));
        Assert.Throws<ArgumentException>(() => MaskPrg.Accumulate(seed, new ulong[4], subtract: true));
        // Even with nothing to do.
        Assert.Throws<ArgumentException>(() => MaskPrg.Expand(seed, Span<uint>.Empty));
    }

    [Fact]
    public void EmptyAccumulator_IsANoOp()
    {
        MaskPrg.Accumulate(Seed(1), Span<uint>.Empty, subtract: false);
        MaskPrg.Accumulate(Seed(1), Span<ulong>.Empty, subtract: true);
        MaskPrg.Expand(Seed(1), Span<uint>.Empty);
    }

    /// <summary>Interleaving lengths and seeds on one thread: the thread-static key, cipher and buffer are reset each call.</summary>
    [Fact]
    public void SequentialCallsOnOneThread_DoNotLeakState()
    {
        var cases = new[] { (Seed(31), 300_000), (Seed(32), 5), (Seed(33), 1_060_000), (Seed(34), 17), (Seed(31), 300_000) };
        var expected = cases.Select(c => Reference(c.Item1, c.Item2)).ToArray();
        for (var round = 0; round < 2; round++)
            for (var i = 0; i < cases.Length; i++)
                Assert.Equal(expected[i], Expand(cases[i].Item1, cases[i].Item2));
    }

    [Fact]
    public void ConcurrentCallsFromSeveralThreads_GiveIdenticalResults()
    {
        const int threads = 8;
        int[] lengths = [1, 7, 1000, 65_537, 250_000, WordsPerChunk32 + 5];
        var seeds = Enumerable.Range(0, threads).Select(t => Seed(500 + t)).ToArray();
        var expected32 = seeds.Select(s => lengths.Select(l => Expand(s, l)).ToArray()).ToArray();
        var expected64 = seeds.Select(s =>
        {
            var lanes = new ulong[70_000];
            MaskPrg.Accumulate(s, lanes, subtract: false);
            return lanes;
        }).ToArray();

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (var iteration = 0; iteration < 3; iteration++)
                {
                    // Each thread walks the lengths in its own order, so buffer sizes differ between threads at any moment.
                    for (var k = 0; k < lengths.Length; k++)
                    {
                        var index = (k + t + iteration) % lengths.Length;
                        var words = new uint[lengths[index]];
                        MaskPrg.Expand(seeds[t], words);
                        if (!words.AsSpan().SequenceEqual(expected32[t][index]))
                            failures.Enqueue($"thread {t}, length {lengths[index]}: 32-bit stream differs");
                    }
                    var lanes = new ulong[70_000];
                    MaskPrg.Accumulate(seeds[t], lanes, subtract: false);
                    MaskPrg.Accumulate(seeds[(t + 1) % threads], lanes, subtract: false);
                    MaskPrg.Accumulate(seeds[(t + 1) % threads], lanes, subtract: true);
                    if (!lanes.AsSpan().SequenceEqual(expected64[t]))
                        failures.Enqueue($"thread {t}: 64-bit stream differs");
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"thread {t}: {e}");
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(failures);
    }
}
