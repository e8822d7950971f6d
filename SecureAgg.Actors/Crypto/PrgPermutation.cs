namespace SecureAgg.Crypto;

/// <summary>A permutation of 1..count by Fisher–Yates, driven by the AES-CTR PRG: reproducible from the seed alone.</summary>
public static class PrgPermutation
{
    public static int[] Of(int count, ReadOnlySpan<byte> seed)
    {
        Span<byte> fullSeed = stackalloc byte[MaskPrg.SeedSize];
        seed[..Math.Min(seed.Length, MaskPrg.SeedSize)].CopyTo(fullSeed);
        var random = new uint[2 * count];
        MaskPrg.Expand(fullSeed, random);
        var order = Enumerable.Range(1, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            // 64 random bits per draw keep the modulo bias below 2^-40 for any count the protocol allows.
            var wide = ((ulong)random[2 * i] << 32) | random[2 * i + 1];
            var j = (int)(wide % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
