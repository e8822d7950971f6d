namespace SecureAgg.Learning.Features;

/// <summary>
/// Sufficient statistics for per-feature mean and variance: the number of vectors and, per feature, Σ(x − r) and
/// Σ(x − r)² about a reference r (zero unless given). They are additive, so the moments of a union of data sets are
/// the sum of the parts' moments. That is what lets federated clients contribute <see cref="ToVector"/> to a secure
/// sum and the server build a <see cref="Standardizer"/> from the pooled totals without seeing any client's features.
/// Equality compares contents exactly.
/// </summary>
/// <remarks>
/// The variance is recovered as Σd²/n − (Σd/n)² with d = x − r, which loses about log10((mean − r)² / variance) of
/// double's ~16 digits (and correspondingly more of a fixed-point encoding in a secure sum). A reference near the
/// data removes that loss: locally use any one of the vectors; in federated mode it must be public and the same for
/// every client (e.g. a prior feature mean), since moments about different references cannot be added.
/// </remarks>
public sealed record FeatureMoments
{
    private readonly double[] _sum;
    private readonly double[] _sumOfSquares;
    private readonly double[] _reference;

    /// <param name="count">Number of vectors.</param>
    /// <param name="sum">Σ(x − r) per feature.</param>
    /// <param name="sumOfSquares">Σ(x − r)² per feature.</param>
    /// <param name="reference">r; zeros if null.</param>
    public FeatureMoments(long count, IReadOnlyList<double> sum, IReadOnlyList<double> sumOfSquares, IReadOnlyList<double>? reference = null)
    {
        ArgumentNullException.ThrowIfNull(sum);
        ArgumentNullException.ThrowIfNull(sumOfSquares);
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Count cannot be negative.");
        if (sum.Count != sumOfSquares.Count)
            throw new ArgumentException($"Σx has {sum.Count} features but Σx² has {sumOfSquares.Count}.", nameof(sumOfSquares));
        _sum = [.. sum];
        _sumOfSquares = [.. sumOfSquares];
        _reference = CheckedReference(reference, _sum.Length);
        for (var i = 0; i < _sum.Length; i++)
        {
            if (!double.IsFinite(_sum[i]) || !double.IsFinite(_sumOfSquares[i]) || _sumOfSquares[i] < 0)
                throw new ArgumentException($"Feature {i} has invalid moments (Σx = {_sum[i]}, Σx² = {_sumOfSquares[i]}).");
        }
        Count = count;
    }

    // Takes ownership of already-validated arrays.
    private FeatureMoments(long count, double[] sum, double[] sumOfSquares, double[] reference, bool owned)
    {
        _ = owned;
        Count = count;
        _sum = sum;
        _sumOfSquares = sumOfSquares;
        _reference = reference;
    }

    public long Count { get; }
    public int Dimension => _sum.Length;
    /// <summary>Σ(x − r) per feature.</summary>
    public IReadOnlyList<double> Sum => _sum;
    /// <summary>Σ(x − r)² per feature.</summary>
    public IReadOnlyList<double> SumOfSquares => _sumOfSquares;
    /// <summary>The reference r the moments are taken about (zeros by default).</summary>
    public IReadOnlyList<double> Reference => _reference;

    /// <summary>Length of <see cref="ToVector"/> for a given feature dimension: 1 + 2·dimension.</summary>
    public static int VectorLength(int dimension) => 1 + 2 * dimension;

    public static FeatureMoments Empty(int dimension, IReadOnlyList<double>? reference = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        return new FeatureMoments(0, new double[dimension], new double[dimension], CheckedReference(reference, dimension), true);
    }

    /// <summary>Moments of a set of equal-length feature vectors (e.g. one client's windows) about <paramref name="reference"/>.</summary>
    public static FeatureMoments Of(IEnumerable<double[]> vectors, int dimension, IReadOnlyList<double>? reference = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        var r = CheckedReference(reference, dimension);
        var sum = new double[dimension];
        var sumOfSquares = new double[dimension];
        long count = 0;
        foreach (var v in vectors)
        {
            if (v is null || v.Length != dimension)
                throw new ArgumentException($"Vector {count} has length {v?.Length.ToString() ?? "null"}, expected {dimension}.", nameof(vectors));
            for (var i = 0; i < dimension; i++)
            {
                var d = v[i] - r[i];
                if (!double.IsFinite(d))
                    throw new ArgumentException($"Vector {count} has a non-finite value at feature {i}.", nameof(vectors));
                sum[i] += d;
                sumOfSquares[i] += d * d;
            }
            count++;
        }
        return new FeatureMoments(count, sum, sumOfSquares, r, true);
    }

    /// <summary>Moments of a non-empty list; the dimension is taken from its first vector.</summary>
    public static FeatureMoments Of(IReadOnlyList<double[]> vectors, IReadOnlyList<double>? reference = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
            throw new ArgumentException("Cannot infer the dimension of an empty set; use Of(vectors, dimension).", nameof(vectors));
        return Of(vectors, vectors[0]?.Length ?? 0, reference);
    }

    public FeatureMoments Add(FeatureMoments other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dimension != Dimension)
            throw new ArgumentException($"Cannot add moments of dimension {other.Dimension} to dimension {Dimension}.", nameof(other));
        if (!_reference.AsSpan().SequenceEqual(other._reference))
            throw new ArgumentException("Cannot add moments taken about different references.", nameof(other));
        var sum = new double[Dimension];
        var sumOfSquares = new double[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            sum[i] = _sum[i] + other._sum[i];
            sumOfSquares[i] = _sumOfSquares[i] + other._sumOfSquares[i];
        }
        return new FeatureMoments(checked(Count + other.Count), sum, sumOfSquares, _reference, true);
    }

    public static FeatureMoments operator +(FeatureMoments left, FeatureMoments right) => left.Add(right);

    /// <summary>Per-feature mean r + Σ(x − r) / n.</summary>
    public double[] Mean()
    {
        RequireSamples();
        var mean = new double[Dimension];
        for (var i = 0; i < Dimension; i++)
            mean[i] = _reference[i] + _sum[i] / Count;
        return mean;
    }

    /// <summary>Per-feature population variance Σd²/n − (Σd/n)², clamped at 0 against rounding.</summary>
    public double[] PopulationVariance()
    {
        RequireSamples();
        var variance = new double[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            var meanOffset = _sum[i] / Count;
            variance[i] = Math.Max(0.0, _sumOfSquares[i] / Count - meanOffset * meanOffset);
        }
        return variance;
    }

    /// <summary>Flat form for a secure sum: [count, Σd₀ … Σd_{D−1}, Σd₀² … Σd²_{D−1}]; element-wise sums of these
    /// vectors are the vectors of summed moments. The reference is public and not part of it.</summary>
    public double[] ToVector()
    {
        var vector = new double[VectorLength(Dimension)];
        vector[0] = Count;
        _sum.CopyTo(vector, 1);
        _sumOfSquares.CopyTo(vector, 1 + Dimension);
        return vector;
    }

    /// <summary>Inverse of <see cref="ToVector"/>; the count must be a non-negative whole number.</summary>
    public static FeatureMoments FromVector(ReadOnlySpan<double> vector, IReadOnlyList<double>? reference = null)
    {
        if (vector.Length < 1 || vector.Length % 2 != 1)
            throw new ArgumentException($"A moments vector has odd length 1 + 2·dimension, got {vector.Length}.", nameof(vector));
        var count = vector[0];
        if (!(count >= 0) || count != Math.Floor(count) || count > long.MaxValue)
            throw new ArgumentException($"The count {count} is not a non-negative whole number.", nameof(vector));
        var dimension = (vector.Length - 1) / 2;
        return new FeatureMoments((long)count, vector.Slice(1, dimension).ToArray(), vector.Slice(1 + dimension, dimension).ToArray(), reference);
    }

    public bool Equals(FeatureMoments? other) =>
        other is not null
        && Count == other.Count
        && _sum.AsSpan().SequenceEqual(other._sum)
        && _sumOfSquares.AsSpan().SequenceEqual(other._sumOfSquares)
        && _reference.AsSpan().SequenceEqual(other._reference);

    public override int GetHashCode() => HashCode.Combine(Count, Dimension, Dimension > 0 ? _sum[0] : 0.0);

    private static double[] CheckedReference(IReadOnlyList<double>? reference, int dimension)
    {
        if (reference is null)
            return new double[dimension];
        if (reference.Count != dimension)
            throw new ArgumentException($"Reference has {reference.Count} features, expected {dimension}.", nameof(reference));
        double[] copy = [.. reference];
        foreach (var r in copy)
            if (!double.IsFinite(r))
                throw new ArgumentException("Reference values must be finite.", nameof(reference));
        return copy;
    }

    private void RequireSamples()
    {
        if (Count == 0)
            throw new InvalidOperationException("Moments of zero vectors have no mean or variance.");
    }
}
