using System.Numerics;

namespace SecureAgg.Learning.Features;

/// <summary>
/// Turns a <see cref="SensorWindow"/> into a fixed-length feature vector in the spirit of UCI HAR's 561 features
/// (Anguita et al. 2013), trimmed to <see cref="FeatureCount"/> = 344. Names follow UCI ("tBodyAcc-mean-X");
/// <see cref="FeatureNames"/>[i] names element i. The ORDER is part of the contract (models and federated moments
/// are indexed by it) and is:
/// <list type="number">
/// <item>[0, 150) time-domain axis statistics: for group in (BodyAcc, GravityAcc, BodyAccJerk, BodyGyro,
/// BodyGyroJerk), for stat in <see cref="TimeDomainStatistics.Names"/> (10), for axis in (X, Y, Z):
/// "t{group}-{stat}-{axis}";</item>
/// <item>[150, 200) time-domain magnitude statistics: for group (same 5), for stat (10): "t{group}Mag-{stat}";</item>
/// <item>[200, 205) signal magnitude area Σ(|x| + |y| + |z|) / n per group (same 5): "t{group}-sma";</item>
/// <item>[205, 211) Pearson correlations between axes of BodyAcc then BodyGyro, pairs XY, XZ, YZ:
/// "t{group}-correlation-{pair}", 0 when an axis is numerically constant;</item>
/// <item>[211, 301) frequency-domain axis statistics: for group in (BodyAcc, BodyAccJerk, BodyGyro), for stat in
/// <see cref="FrequencyDomainStatistics.Names"/> (10), for axis (X, Y, Z): "f{group}-{stat}-{axis}";</item>
/// <item>[301, 341) frequency-domain magnitude statistics: for group in (BodyAcc, BodyAccJerk, BodyGyro,
/// BodyGyroJerk), for stat (10): "f{group}Mag-{stat}";</item>
/// <item>[341, 344) gravity direction: angle in radians between the window's mean gravity vector and the device
/// X, Y, Z axis, acos(gₐ / |g|): "angle-{axis}-gravityMean" (π/2 if gravity is numerically zero). These carry the
/// phone's tilt, which is what separates sitting from standing.</item>
/// </list>
/// Deterministic (no randomness, fixed summation order) and thread-safe; each call allocates only its derived
/// signals (~20·n doubles) and one FFT workspace.
/// </summary>
public sealed class FeatureExtractor
{
    public const int FeatureCount = 344;

    private static readonly string[] Groups = ["BodyAcc", "GravityAcc", "BodyAccJerk", "BodyGyro", "BodyGyroJerk"];
    private static readonly string[] Axes = ["X", "Y", "Z"];
    private static readonly string[] AxisPairs = ["XY", "XZ", "YZ"];
    private static readonly (int A, int B)[] PairIndices = [(0, 1), (0, 2), (1, 2)];
    // Indices into the 5 groups above; UCI computes no spectrum of gravity, nor of gyro jerk per axis.
    private static readonly int[] CorrelationGroups = [0, 3];
    private static readonly int[] SpectralAxisGroups = [0, 2, 3];
    private static readonly int[] SpectralMagnitudeGroups = [0, 2, 3, 4];

    private static readonly string[] Names = BuildNames();
    private static readonly Dictionary<string, int> IndexByName = BuildIndex();

    private readonly SignalFilters _filters;

    /// <param name="filters">Pre-processing; <see cref="SignalFilters.Default"/> (UCI HAR, noise filter on) if null.</param>
    public FeatureExtractor(SignalFilters? filters = null)
    {
        _filters = filters ?? SignalFilters.Default;
    }

    /// <summary>Name of each feature, parallel to the vectors. Stable across versions unless deliberately changed.</summary>
    public static IReadOnlyList<string> FeatureNames => Names;

    /// <summary>Position of a named feature; throws <see cref="ArgumentException"/> for an unknown name.</summary>
    public static int IndexOf(string featureName) =>
        IndexByName.TryGetValue(featureName, out var index)
            ? index
            : throw new ArgumentException($"Unknown feature name '{featureName}'.", nameof(featureName));

    public SignalFilters Filters => _filters;

    public double[] Extract(SensorWindow window)
    {
        var features = new double[FeatureCount];
        Extract(window, features);
        return features;
    }

    /// <summary>Writes the <see cref="FeatureCount"/> features of <paramref name="window"/> to <paramref name="destination"/>.</summary>
    public void Extract(SensorWindow window, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (destination.Length != FeatureCount)
            throw new ArgumentException($"Destination must hold exactly {FeatureCount} features, got {destination.Length}.", nameof(destination));

        var signals = _filters.Derive(window);
        TriaxialSignal[] groups = [signals.BodyAcc, signals.GravityAcc, signals.BodyAccJerk, signals.BodyGyro, signals.BodyGyroJerk];
        var n = window.Length;
        Span<double> stats = stackalloc double[Math.Max(TimeDomainStatistics.Count, FrequencyDomainStatistics.Count)];
        var o = 0;

        var timeCount = TimeDomainStatistics.Count;
        foreach (var group in groups)
        {
            for (var axis = 0; axis < 3; axis++)
            {
                TimeDomainStatistics.Compute(group.Component(axis), stats);
                for (var s = 0; s < timeCount; s++)
                    destination[o + s * 3 + axis] = stats[s];
            }
            o += 3 * timeCount;
        }
        foreach (var group in groups)
        {
            TimeDomainStatistics.Compute(group.Magnitude.Span, destination.Slice(o, timeCount));
            o += timeCount;
        }

        foreach (var group in groups)
            destination[o++] = SignalMagnitudeArea(group);

        foreach (var g in CorrelationGroups)
            foreach (var (a, b) in PairIndices)
                destination[o++] = Correlation(groups[g].Component(a), groups[g].Component(b));

        var freqCount = FrequencyDomainStatistics.Count;
        var workspace = new Complex[n];
        foreach (var g in SpectralAxisGroups)
        {
            for (var axis = 0; axis < 3; axis++)
            {
                FrequencyDomainStatistics.Compute(groups[g].Component(axis), SensorWindow.SampleRateHz, stats, workspace);
                for (var s = 0; s < freqCount; s++)
                    destination[o + s * 3 + axis] = stats[s];
            }
            o += 3 * freqCount;
        }
        foreach (var g in SpectralMagnitudeGroups)
        {
            FrequencyDomainStatistics.Compute(groups[g].Magnitude.Span, SensorWindow.SampleRateHz, destination.Slice(o, freqCount), workspace);
            o += freqCount;
        }

        GravityAngles(signals.GravityAcc, destination.Slice(o, 3));
        o += 3;

        if (o != FeatureCount)
            throw new InvalidOperationException($"Feature layout bug: wrote {o} features, expected {FeatureCount}.");
    }

    /// <summary>
    /// Extracts many windows, in parallel across cores. Row i belongs to window i; the result does not depend on
    /// the scheduling because every row is computed independently.
    /// </summary>
    public double[][] ExtractAll(IReadOnlyList<SensorWindow> windows, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var rows = new double[windows.Count][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, windows.Count, options, i => rows[i] = Extract(windows[i]));
        return rows;
    }

    /// <summary>Pearson correlation; 0 when either input is numerically constant (no linear relation to measure).</summary>
    public static double Correlation(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (y.Length != n || n < 2)
            throw new ArgumentException("Correlation needs two series of equal length ≥ 2.");
        double sx = 0, sy = 0;
        for (var i = 0; i < n; i++)
        {
            sx += x[i];
            sy += y[i];
        }
        double mx = sx / n, my = sy / n, sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        if (TimeDomainStatistics.IsDegenerate(Math.Sqrt(sxx / n), mx) || TimeDomainStatistics.IsDegenerate(Math.Sqrt(syy / n), my))
            return 0;
        // Clamp: rounding can push a perfect correlation a hair past ±1.
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }

    private static double SignalMagnitudeArea(TriaxialSignal group)
    {
        ReadOnlySpan<double> x = group.X.Span, y = group.Y.Span, z = group.Z.Span;
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
            sum += Math.Abs(x[i]) + Math.Abs(y[i]) + Math.Abs(z[i]);
        return sum / x.Length;
    }

    private static void GravityAngles(TriaxialSignal gravity, Span<double> destination)
    {
        Span<double> mean = stackalloc double[3];
        for (var axis = 0; axis < 3; axis++)
        {
            var s = gravity.Component(axis);
            double sum = 0;
            foreach (var v in s)
                sum += v;
            mean[axis] = sum / s.Length;
        }
        var norm = Math.Sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
        for (var axis = 0; axis < 3; axis++)
            destination[axis] = norm <= 1e-9 ? Math.PI / 2 : Math.Acos(Math.Clamp(mean[axis] / norm, -1.0, 1.0));
    }

    private static string[] BuildNames()
    {
        var names = new List<string>(FeatureCount);
        foreach (var group in Groups)
            foreach (var stat in TimeDomainStatistics.Names)
                foreach (var axis in Axes)
                    names.Add($"t{group}-{stat}-{axis}");
        foreach (var group in Groups)
            foreach (var stat in TimeDomainStatistics.Names)
                names.Add($"t{group}Mag-{stat}");
        foreach (var group in Groups)
            names.Add($"t{group}-sma");
        foreach (var g in CorrelationGroups)
            foreach (var pair in AxisPairs)
                names.Add($"t{Groups[g]}-correlation-{pair}");
        foreach (var g in SpectralAxisGroups)
            foreach (var stat in FrequencyDomainStatistics.Names)
                foreach (var axis in Axes)
                    names.Add($"f{Groups[g]}-{stat}-{axis}");
        foreach (var g in SpectralMagnitudeGroups)
            foreach (var stat in FrequencyDomainStatistics.Names)
                names.Add($"f{Groups[g]}Mag-{stat}");
        foreach (var axis in Axes)
            names.Add($"angle-{axis}-gravityMean");
        if (names.Count != FeatureCount)
            throw new InvalidOperationException($"Feature layout bug: {names.Count} names, expected {FeatureCount}.");
        return [.. names];
    }

    private static Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(FeatureCount, StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++)
            index.Add(Names[i], i);
        return index;
    }
}
