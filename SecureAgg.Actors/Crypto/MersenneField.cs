using System.Security.Cryptography;

namespace SecureAgg.Crypto;

/// <summary>Arithmetic in GF(p), p = 2^61 − 1 (a Mersenne prime: reduction is a shift and an add).</summary>
public static class MersenneField
{
    public const ulong Prime = (1UL << 61) - 1;

    // Reductions are branch-free: with random field elements a compare-and-branch mispredicts half the time.
    public static ulong Add(ulong a, ulong b) => ReduceOnce(a + b);

    public static ulong Subtract(ulong a, ulong b)
    {
        var d = a - b;
        return d + (Prime & (ulong)((long)d >> 63));
    }

    public static ulong Multiply(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        // a·b = high·2^64 + low = (high·8 + low>>61)·2^61 + (low & p), and 2^61 ≡ 1 (mod p).
        return ReduceOnce((low & Prime) + ((high << 3) | (low >> 61)));
    }

    // For r < 2p (< 2^62): r − p if that is non-negative, else r.
    private static ulong ReduceOnce(ulong r)
    {
        var d = r - Prime;
        return d + (Prime & (ulong)((long)d >> 63));
    }

    public static ulong Inverse(ulong a)
    {
        if (a == 0)
            throw new DivideByZeroException("Zero has no inverse in GF(p).");
        return Power(a, Prime - 2);
    }

    public static ulong Power(ulong a, ulong exponent)
    {
        ulong result = 1;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
                result = Multiply(result, a);
            a = Multiply(a, a);
            exponent >>= 1;
        }
        return result;
    }

    /// <summary>Uniform field elements from the OS CSPRNG (rejection sampling of 61-bit values).</summary>
    public static void FillRandom(Span<ulong> destination)
    {
        RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination));
        Span<byte> fresh = stackalloc byte[8];
        for (var i = 0; i < destination.Length; i++)
        {
            var value = destination[i] & Prime;
            while (value == Prime)
            {
                RandomNumberGenerator.Fill(fresh);
                value = BitConverter.ToUInt64(fresh) & Prime;
            }
            destination[i] = value;
        }
    }
}
