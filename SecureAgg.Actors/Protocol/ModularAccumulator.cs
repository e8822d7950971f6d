using System.Numerics;
using SecureAgg.Crypto;

namespace SecureAgg.Protocol;

/// <summary>
/// A running sum of vectors and PRG masks mod R = 2^b. Words live in 32-bit lanes when b ≤ 32 (half the keystream and
/// memory traffic) and in 64-bit lanes otherwise; both wrap mod 2^lane, and 2^b divides 2^lane, so reducing once at
/// the end is exact.
/// </summary>
public abstract class ModularAccumulator
{
    protected ModularAccumulator(int bits) => Mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;

    protected ulong Mask { get; }

    public static ModularAccumulator Create(int bits, int length) =>
        bits <= 32 ? new Lanes32(bits, length) : new Lanes64(bits, length);

    public abstract void Add(ReadOnlySpan<ulong> vector);

    public abstract void AddMask(ReadOnlySpan<byte> seed, bool subtract);

    public abstract void AddFrom(ModularAccumulator other);

    /// <summary>The sum reduced mod R.</summary>
    public abstract ulong[] ToVector();

    /// <summary>Lanes of either width, widened to words and reduced mod R.</summary>
    private protected ulong[] Reduced<T>(ReadOnlySpan<T> lanes) where T : unmanaged, IBinaryInteger<T>
    {
        var result = new ulong[lanes.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = ulong.CreateTruncating(lanes[i]) & Mask;
        return result;
    }

    private sealed class Lanes32(int bits, int length) : ModularAccumulator(bits)
    {
        private readonly uint[] _words = new uint[length];

        public override void Add(ReadOnlySpan<ulong> vector)
        {
            for (var i = 0; i < _words.Length; i++)
                _words[i] = unchecked(_words[i] + (uint)vector[i]);
        }

        public override void AddMask(ReadOnlySpan<byte> seed, bool subtract) => MaskPrg.Accumulate(seed, _words, subtract);

        public override void AddFrom(ModularAccumulator other) => VectorMath.AddInPlace<uint>(_words, ((Lanes32)other)._words);

        public override ulong[] ToVector() => Reduced<uint>(_words);
    }

    private sealed class Lanes64(int bits, int length) : ModularAccumulator(bits)
    {
        private readonly ulong[] _words = new ulong[length];

        public override void Add(ReadOnlySpan<ulong> vector) => VectorMath.AddInPlace(_words.AsSpan(), vector);

        public override void AddMask(ReadOnlySpan<byte> seed, bool subtract) => MaskPrg.Accumulate(seed, _words, subtract);

        public override void AddFrom(ModularAccumulator other) => VectorMath.AddInPlace<ulong>(_words, ((Lanes64)other)._words);

        public override ulong[] ToVector() => Reduced<ulong>(_words);
    }
}
