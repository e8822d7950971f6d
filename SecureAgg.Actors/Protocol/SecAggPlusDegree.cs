namespace SecureAgg.Protocol;

/// <summary>The SecAgg+ neighbour count k when none is given, shared by the bench, the simulation and training.</summary>
public static class SecAggPlusDegree
{
    /// <summary>
    /// The smallest even k ≥ 3·log2 n (Bell et al.'s O(log n)) for which, with each client dropping with probability
    /// <paramref name="dropout"/>, the chance that some neighbourhood ends below the threshold is under 10^-3
    /// (binomial tail, union bound over the n neighbourhoods). When no sparse graph is that safe, n − 1: the complete
    /// graph.
    /// </summary>
    public static int Safe(int clients, double dropout, int? threshold)
    {
        var start = Math.Max(4, (int)Math.Ceiling(3 * Math.Log2(Math.Max(clients, 2))));
        start += start % 2;
        for (var k = start; k < clients - 1; k += 2)
        {
            var size = k + 1;
            var t = threshold ?? ProtocolParameters.DefaultThreshold(size);
            if (t <= size && clients * BinomialBelow(size, 1 - dropout, t) < 1e-3)
                return k;
        }
        return clients - 1;
    }

    // P(Binomial(n, p) < t), summed in log space so large n does not underflow.
    private static double BinomialBelow(int n, double p, int t)
    {
        if (p >= 1)
            return t > n ? 1 : 0;
        if (p <= 0)
            return t > 0 ? 1 : 0;
        double total = 0, logChoose = 0;
        for (var j = 0; j < t && j <= n; j++)
        {
            if (j > 0)
                logChoose += Math.Log(n - j + 1) - Math.Log(j);
            total += Math.Exp(logChoose + j * Math.Log(p) + (n - j) * Math.Log(1 - p));
        }
        return Math.Min(1, total);
    }
}
