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
            var width = Vector<T>.Count;
            // Four independent vectors per step keep the load/add/store pipeline full.
            for (; i <= target.Length - 4 * width; i += 4 * width)
            {
                var a = Vector.LoadUnsafe(ref t, (nuint)i) + Vector.LoadUnsafe(ref s, (nuint)i);
                var b = Vector.LoadUnsafe(ref t, (nuint)(i + width)) + Vector.LoadUnsafe(ref s, (nuint)(i + width));
                var c = Vector.LoadUnsafe(ref t, (nuint)(i + 2 * width)) + Vector.LoadUnsafe(ref s, (nuint)(i + 2 * width));
                var d = Vector.LoadUnsafe(ref t, (nuint)(i + 3 * width)) + Vector.LoadUnsafe(ref s, (nuint)(i + 3 * width));
                a.StoreUnsafe(ref t, (nuint)i);
                b.StoreUnsafe(ref t, (nuint)(i + width));
                c.StoreUnsafe(ref t, (nuint)(i + 2 * width));
                d.StoreUnsafe(ref t, (nuint)(i + 3 * width));
            }
            for (; i <= target.Length - width; i += width)
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
            var width = Vector<T>.Count;
            for (; i <= target.Length - 4 * width; i += 4 * width)
            {
                var a = Vector.LoadUnsafe(ref t, (nuint)i) - Vector.LoadUnsafe(ref s, (nuint)i);
                var b = Vector.LoadUnsafe(ref t, (nuint)(i + width)) - Vector.LoadUnsafe(ref s, (nuint)(i + width));
                var c = Vector.LoadUnsafe(ref t, (nuint)(i + 2 * width)) - Vector.LoadUnsafe(ref s, (nuint)(i + 2 * width));
                var d = Vector.LoadUnsafe(ref t, (nuint)(i + 3 * width)) - Vector.LoadUnsafe(ref s, (nuint)(i + 3 * width));
                a.StoreUnsafe(ref t, (nuint)i);
                b.StoreUnsafe(ref t, (nuint)(i + width));
                c.StoreUnsafe(ref t, (nuint)(i + 2 * width));
                d.StoreUnsafe(ref t, (nuint)(i + 3 * width));
            }
            for (; i <= target.Length - width; i += width)
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
