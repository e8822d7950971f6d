namespace SecureAgg.Host.Experiment;

/// <summary>P[Bin(n, q) ≥ t], summed in log space so n in the thousands neither underflows nor overflows.</summary>
public static class BinomialTail
{
    public static double AtLeast(int n, double q, int t)
    {
        if (t <= 0)
            return 1;
        if (t > n)
            return 0;
        if (q <= 0)
            return 0;
        if (q >= 1)
            return 1;
        double logQ = Math.Log(q), logRest = Math.Log(1 - q), total = 0;
        var logChoose = LogChoose(n, t);
        for (var j = t; j <= n; j++)
        {
            if (j > t)
                logChoose += Math.Log(n - j + 1) - Math.Log(j);
            total += Math.Exp(logChoose + j * logQ + (n - j) * logRest);
        }
        return Math.Min(1, total);
    }

    private static double LogChoose(int n, int k)
    {
        double sum = 0;
        for (var i = 1; i <= k; i++)
            sum += Math.Log(n - k + i) - Math.Log(i);
        return sum;
    }
}
