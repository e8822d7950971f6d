using System.Buffers;

namespace SecureAgg.Learning.Features;

/// <summary>
/// The per-signal time-domain statistics of UCI HAR (a subset: its AR coefficients are replaced by the lag-1
/// autocorrelation, and skewness is added). Output order is <see cref="Names"/>:
/// <list type="table">
/// <item><term>mean</term><description>Σx / n</description></item>
/// <item><term>std</term><description>population standard deviation, √(Σ(x − mean)² / n)</description></item>
/// <item><term>mad</term><description>median absolute deviation, median(|x − median(x)|)</description></item>
/// <item><term>min</term><description>smallest sample</description></item>
/// <item><term>max</term><description>largest sample</description></item>
/// <item><term>energy</term><description>mean of squares, Σx² / n (so a constant c gives c²)</description></item>
/// <item><term>iqr</term><description>Q3 − Q1, quantiles by linear interpolation between order statistics (R-7)</description></item>
/// <item><term>entropy</term><description>Shannon entropy of a <see cref="EntropyBins"/>-bin histogram spanning
/// [min, max], divided by ln(bins) so it lies in [0, 1]</description></item>
/// <item><term>autocorr1</term><description>lag-1 autocorrelation Σ(xᵢ − mean)(xᵢ₊₁ − mean) / Σ(xᵢ − mean)²</description></item>
/// <item><term>skewness</term><description>population skewness m₃ / m₂^1.5</description></item>
/// </list>
/// The scale-free statistics (entropy, autocorr1, skewness) are 0 when the signal is numerically constant
/// (<see cref="IsDegenerate"/>): otherwise a constant input, whose filtered body signal is rounding noise of ~1e-17,
/// would get arbitrary O(1) values, and a true constant would divide by zero.
/// </summary>
public static class TimeDomainStatistics
{
    public const int EntropyBins = 10;

    public static IReadOnlyList<string> Names { get; } =
        ["mean", "std", "mad", "min", "max", "energy", "iqr", "entropy", "autocorr1", "skewness"];

    public static int Count => Names.Count;

    /// <summary>
    /// Standard deviation below which a signal counts as constant: 1e-9 relative to its level (absolute near 0).
    /// Real sensors quantise around 1e-3 g or rad/s, far above this.
    /// </summary>
    public static bool IsDegenerate(double std, double mean) => std <= 1e-9 * (1.0 + Math.Abs(mean));

    /// <summary>Writes the <see cref="Count"/> statistics of <paramref name="signal"/> to <paramref name="destination"/>.</summary>
    public static void Compute(ReadOnlySpan<double> signal, Span<double> destination)
    {
        var n = signal.Length;
        if (n < 2)
            throw new ArgumentException("Time-domain statistics need at least 2 samples.", nameof(signal));
        if (destination.Length < Count)
            throw new ArgumentException($"Destination needs room for {Count} statistics.", nameof(destination));

        double sum = 0, sumSq = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            var x = signal[i];
            sum += x;
            sumSq += x * x;
            if (x < min) min = x;
            if (x > max) max = x;
        }
        var mean = sum / n;

        // Central moments in a second pass: Σx²/n − mean² cancels catastrophically for gravity-like signals.
        double m2 = 0, m3 = 0, lag1 = 0;
        for (var i = 0; i < n; i++)
        {
            var d = signal[i] - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            if (i + 1 < n)
                lag1 += d * (signal[i + 1] - mean);
        }
        var variance = m2 / n;
        var std = Math.Sqrt(variance);
        var degenerate = IsDegenerate(std, mean);

        double[]? rented = null;
        var sorted = n <= 1024 ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            signal.CopyTo(sorted);
            sorted.Sort();
            var median = Quantile(sorted, 0.5);
            var iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
            var mad = MedianAbsoluteDeviation(sorted, median);

            destination[0] = mean;
            destination[1] = std;
            destination[2] = mad;
            destination[3] = min;
            destination[4] = max;
            destination[5] = sumSq / n;
            destination[6] = iqr;
            destination[7] = degenerate ? 0 : HistogramEntropy(signal, min, max);
            destination[8] = degenerate ? 0 : lag1 / m2;
            destination[9] = degenerate ? 0 : m3 / n / (variance * std);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Quantile of sorted data by linear interpolation at position p·(n − 1) (R-7, numpy's default).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = position - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }

    /// <summary>
    /// Median of |x − median| without a second sort: in sorted data the deviations grow outwards from the median on
    /// both sides, so merging the two runs yields them in order and the median is reached after ~n/2 steps. (Sorting
    /// dominates the extraction cost, through branch mispredictions on real data.)
    /// </summary>
    private static double MedianAbsoluteDeviation(ReadOnlySpan<double> sorted, double median)
    {
        var n = sorted.Length;
        var position = 0.5 * (n - 1);
        var lowerRank = (int)Math.Floor(position);
        var upperRank = Math.Min(lowerRank + 1, n - 1);
        var right = 0;
        while (right < n && sorted[right] <= median)
            right++;
        var left = right - 1;
        double lowerValue = 0, upperValue = 0;
        for (var rank = 0; rank <= upperRank; rank++)
        {
            double next;
            if (right >= n || (left >= 0 && median - sorted[left] <= sorted[right] - median))
                next = median - sorted[left--];
            else
                next = sorted[right++] - median;
            if (rank == lowerRank)
                lowerValue = next;
            if (rank == upperRank)
                upperValue = next;
        }
        return lowerValue + (position - lowerRank) * (upperValue - lowerValue);
    }

    private static double HistogramEntropy(ReadOnlySpan<double> signal, double min, double max)
    {
        Span<int> counts = stackalloc int[EntropyBins];
        var scale = EntropyBins / (max - min);
        foreach (var x in signal)
        {
            var bin = (int)((x - min) * scale);
            counts[bin >= EntropyBins ? EntropyBins - 1 : bin]++;
        }
        double entropy = 0, n = signal.Length;
        foreach (var c in counts)
        {
            if (c == 0) continue;
            var p = c / n;
            entropy -= p * Math.Log(p);
        }
        return entropy / Math.Log(EntropyBins);
    }
}
