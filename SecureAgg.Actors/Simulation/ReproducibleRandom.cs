using System.Security.Cryptography;
using System.Text;
using SecureAgg.Crypto;

namespace SecureAgg.Simulation;

/// <summary>
/// Seeded, reproducible randomness for simulations and tests (test inputs, dropout choices), drawn from the AES-CTR PRG
/// under a seed derived from (seed, purpose). Never used for protocol secrets, which come from the OS CSPRNG.
/// </summary>
public static class ReproducibleRandom
{
    public static byte[] Seed(int seed, string purpose) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"SecAgg simulation seed {seed} {purpose}"));

    /// <summary>A vector of m uniform words mod 2^bits.</summary>
    public static ulong[] Vector(int length, int bits, int seed, string purpose)
    {
        var words = new ulong[length];
        MaskPrg.Accumulate(Seed(seed, purpose), words, subtract: false);
        var mask = (1UL << bits) - 1;
        for (var i = 0; i < words.Length; i++)
            words[i] &= mask;
        return words;
    }

    /// <summary>A permutation of 1..count.</summary>
    public static int[] Permutation(int count, int seed, string purpose) => PrgPermutation.Of(count, Seed(seed, purpose));

    /// <summary>count doubles uniform in [0, 1).</summary>
    public static double[] Uniform(int count, int seed, string purpose)
    {
        var words = new ulong[count];
        MaskPrg.Accumulate(Seed(seed, purpose), words, subtract: false);
        return words.Select(w => (w >> 11) * (1.0 / (1UL << 53))).ToArray();
    }
}
