using System.Numerics;
using System.Runtime.InteropServices;

namespace SecureAgg.Crypto;

/// <summary>Wrapping (mod 2^w) element-wise add and subtract with SIMD; the hot loop of masking and unmasking.</summary>
public static class VectorMath
{
    public static void AddInPlace<T>(Span<T> target, ReadOnlySpan<T> source) where T : unmanaged, IBinaryInteger<T> =>
        Apply<T, Add<T>>(target, source);

    public static void SubtractInPlace<T>(Span<T> target, ReadOnlySpan<T> source) where T : unmanaged, IBinaryInteger<T> =>
        Apply<T, Subtract<T>>(target, source);

    // The operation is a type parameter so the JIT compiles one specialised loop per operation, with no call inside.
    private static void Apply<T, TOp>(Span<T> target, ReadOnlySpan<T> source)
        where T : unmanaged, IBinaryInteger<T>
        where TOp : struct, IWrappingOp<T>
    {
        if (target.Length != source.Length)
            throw new ArgumentException($"Vector lengths differ: {target.Length} and {source.Length}.");
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var s = ref MemoryMarshal.GetReference(source);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<T>.Count;
            // Four independent vectors per step keep the load/op/store pipeline full.
            for (; i <= target.Length - 4 * width; i += 4 * width)
            {
                var a = TOp.Apply(Vector.LoadUnsafe(ref t, (nuint)i), Vector.LoadUnsafe(ref s, (nuint)i));
                var b = TOp.Apply(Vector.LoadUnsafe(ref t, (nuint)(i + width)), Vector.LoadUnsafe(ref s, (nuint)(i + width)));
                var c = TOp.Apply(Vector.LoadUnsafe(ref t, (nuint)(i + 2 * width)), Vector.LoadUnsafe(ref s, (nuint)(i + 2 * width)));
                var d = TOp.Apply(Vector.LoadUnsafe(ref t, (nuint)(i + 3 * width)), Vector.LoadUnsafe(ref s, (nuint)(i + 3 * width)));
                a.StoreUnsafe(ref t, (nuint)i);
                b.StoreUnsafe(ref t, (nuint)(i + width));
                c.StoreUnsafe(ref t, (nuint)(i + 2 * width));
                d.StoreUnsafe(ref t, (nuint)(i + 3 * width));
            }
            for (; i <= target.Length - width; i += width)
                TOp.Apply(Vector.LoadUnsafe(ref t, (nuint)i), Vector.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
        }
        for (; i < target.Length; i++)
            target[i] = TOp.Apply(target[i], source[i]);
    }

    private interface IWrappingOp<T> where T : unmanaged, IBinaryInteger<T>
    {
        static abstract Vector<T> Apply(Vector<T> a, Vector<T> b);
        static abstract T Apply(T a, T b);
    }

    private readonly struct Add<T> : IWrappingOp<T> where T : unmanaged, IBinaryInteger<T>
    {
        public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a + b;
        public static T Apply(T a, T b) => unchecked(a + b);
    }

    private readonly struct Subtract<T> : IWrappingOp<T> where T : unmanaged, IBinaryInteger<T>
    {
        public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a - b;
        public static T Apply(T a, T b) => unchecked(a - b);
    }
}
