namespace SecureAgg.Learning.Features;

/// <summary>
/// Per-feature standardisation z = (x − mean) / scale, with mean and population standard deviation taken from
/// <see cref="FeatureMoments"/>, so the same code serves pooled data, a secure sum of client moments
/// (<see cref="FromMoments"/>), and one client's own data (<see cref="StandardizeWithOwnMoments"/>).
/// A feature whose standard deviation is below ε gets scale 1 rather than ε: it is constant in the fitting data,
/// and dividing by ε would turn any later deviation (another client, rounding) into a huge input. Immutable.
/// </summary>
public sealed class Standardizer
{
    public const double DefaultEpsilon = 1e-8;

    private readonly double[] _mean;
    private readonly double[] _scale;

    /// <param name="mean">Value subtracted per feature.</param>
    /// <param name="scale">Positive divisor per feature.</param>
    public Standardizer(IReadOnlyList<double> mean, IReadOnlyList<double> scale)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(scale);
        if (mean.Count != scale.Count)
            throw new ArgumentException($"Mean has {mean.Count} features but scale has {scale.Count}.", nameof(scale));
        _mean = [.. mean];
        _scale = [.. scale];
        for (var i = 0; i < _scale.Length; i++)
        {
            if (!double.IsFinite(_mean[i]))
                throw new ArgumentException($"Mean of feature {i} is not finite.", nameof(mean));
            if (!(_scale[i] > 0) || !double.IsFinite(_scale[i]))
                throw new ArgumentException($"Scale of feature {i} must be positive and finite, got {_scale[i]}.", nameof(scale));
        }
    }

    public int Dimension => _mean.Length;
    public IReadOnlyList<double> Mean => _mean;
    /// <summary>Standard deviation per feature, or 1 where it was below ε.</summary>
    public IReadOnlyList<double> Scale => _scale;

    public static Standardizer FromMoments(FeatureMoments moments, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(moments);
        if (!(epsilon >= 0))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be non-negative.");
        if (moments.Count == 0)
            throw new ArgumentException("Cannot standardise from moments of zero vectors.", nameof(moments));
        var variance = moments.PopulationVariance();
        var scale = new double[variance.Length];
        for (var i = 0; i < scale.Length; i++)
        {
            var std = Math.Sqrt(variance[i]);
            scale[i] = std < epsilon || std == 0 ? 1.0 : std;
        }
        return new Standardizer(moments.Mean(), scale);
    }

    /// <summary>
    /// Fits to vectors held locally (pooled data, or one client's). Moments are taken about the first vector so the
    /// variance keeps its precision for features whose level dwarfs their spread (see <see cref="FeatureMoments"/>).
    /// </summary>
    public static Standardizer Fit(IReadOnlyList<double[]> vectors, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
            throw new ArgumentException("Cannot fit a standardiser to zero vectors.", nameof(vectors));
        return FromMoments(FeatureMoments.Of(vectors, reference: vectors[0]), epsilon);
    }

    public double[] Apply(ReadOnlySpan<double> vector)
    {
        var result = new double[vector.Length];
        Apply(vector, result);
        return result;
    }

    /// <summary>Standardises <paramref name="vector"/> into <paramref name="destination"/> (may be the same memory).</summary>
    public void Apply(ReadOnlySpan<double> vector, Span<double> destination)
    {
        if (vector.Length != Dimension)
            throw new ArgumentException($"Vector has {vector.Length} features, the standardiser {Dimension}.", nameof(vector));
        if (destination.Length != Dimension)
            throw new ArgumentException($"Destination has {destination.Length} slots, the standardiser {Dimension}.", nameof(destination));
        for (var i = 0; i < Dimension; i++)
            destination[i] = (vector[i] - _mean[i]) / _scale[i];
    }

    /// <summary>Standardised copies of <paramref name="vectors"/>; the inputs are not modified.</summary>
    public double[][] ApplyAll(IReadOnlyList<double[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var result = new double[vectors.Count][];
        for (var i = 0; i < result.Length; i++)
            result[i] = Apply(vectors[i]);
        return result;
    }

    /// <summary>
    /// Per-device / per-subject standardisation: standardises one client's vectors with that client's own moments.
    /// It removes each wearer's offsets (phone tilt on the belt, gait intensity) that a global standardiser leaves
    /// in, and needs no communication. With a single vector every feature has zero spread and maps to 0, so a
    /// client should have a reasonable number of windows (several activities) before this is meaningful.
    /// </summary>
    public static double[][] StandardizeWithOwnMoments(IReadOnlyList<double[]> clientVectors, double epsilon = DefaultEpsilon) =>
        Fit(clientVectors, epsilon).ApplyAll(clientVectors);
}
