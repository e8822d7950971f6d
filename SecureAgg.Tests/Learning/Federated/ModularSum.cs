namespace SecureAgg.Tests.Learning.Federated;

/// <summary>
/// What secure aggregation hands the server: Σ words mod 2^b. Each client's words are first hidden under a random mask,
/// the masks summing to 0 mod 2^b as the pairwise masks do, so individual masked words wrap freely and only the total
/// is meaningful.
/// </summary>
internal static class ModularSum
{
    public static ulong[] OfMasked(IReadOnlyList<ulong[]> vectors, int wordBits, Random random)
    {
        var mask = wordBits == 64 ? ulong.MaxValue : (1UL << wordBits) - 1;
        var length = vectors[0].Length;
        var sum = new ulong[length];
        var maskTotal = new ulong[length];
        for (var u = 0; u < vectors.Count; u++)
            for (var i = 0; i < length; i++)
            {
                // The last client's mask cancels the others'.
                var r = u < vectors.Count - 1 ? (ulong)random.NextInt64() & mask : (0 - maskTotal[i]) & mask;
                maskTotal[i] = (maskTotal[i] + r) & mask;
                var masked = (vectors[u][i] + r) & mask;
                sum[i] = (sum[i] + masked) & mask;
            }
        return sum;
    }
}
