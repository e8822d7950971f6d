using System.Numerics;
using System.Runtime.InteropServices;

namespace SecAgg.Crypto;

/// <summary>Wrapping (mod 2^w) element-wise add and subtract with SIMD; the hot loop of masking and unmasking.</summary>
public static class VectorMath
{
    public static void AddInPlace<T>(Span<T> target, ReadOnlySpan<T> source) where T : unmanaged, IBinaryInteger<T>
    {
        CheckLengths(target.Length, source.Length);
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var s = ref MemoryMarshal.GetReference(source);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= target.Length - Vector<T>.Count; i += Vector<T>.Count)
                (Vector.LoadUnsafe(ref t, (nuint)i) + Vector.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
        }
        for (; i < target.Length; i++)
            target[i] = unchecked(target[i] + source[i]);
    }

    public static void SubtractInPlace<T>(Span<T> target, ReadOnlySpan<T> source) where T : unmanaged, IBinaryInteger<T>
    {
        CheckLengths(target.Length, source.Length);
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var s = ref MemoryMarshal.GetReference(source);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= target.Length - Vector<T>.Count; i += Vector<T>.Count)
                (Vector.LoadUnsafe(ref t, (nuint)i) - Vector.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
        }
        for (; i < target.Length; i++)
            target[i] = unchecked(target[i] - source[i]);
    }

    private static void CheckLengths(int target, int source)
    {
        if (target != source)
            throw new ArgumentException($"Vector lengths differ: {target} and {source}.");
    }
}
