namespace SecureAgg.Crypto;

/// <summary>
/// λ_i(x) = Π_{j≠i} (x_j − x) / (x_j − x_i): the weights that evaluate the interpolating polynomial through the points
/// at x. At 0 they reconstruct a Shamir secret; at another holder's point they predict that holder's share. Computing
/// them is O(t²), so a server that reconstructs many secrets from one set of holders computes them once.
/// </summary>
public sealed class LagrangeWeights
{
    private readonly ulong[] _points;
    private readonly ulong _at;
    private readonly ulong[] _weights;

    private LagrangeWeights(ulong[] points, ulong at, ulong[] weights)
    {
        _points = points;
        _at = at;
        _weights = weights;
    }

    public int Count => _weights.Length;

    public ulong this[int index] => _weights[index];

    public static LagrangeWeights AtZero(IReadOnlyList<int> points) => At(points, 0);

    public static LagrangeWeights At(IReadOnlyList<int> points, ulong x)
    {
        if (x >= MersenneField.Prime)
            throw new ArgumentOutOfRangeException(nameof(x), x, "The evaluation point must be a field element.");
        var count = points.Count;
        var xs = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            if (points[i] <= 0)
                throw new ArgumentException($"Evaluation points must be ≥ 1, got {points[i]}.", nameof(points));
            xs[i] = (ulong)points[i];
        }

        var numerators = new ulong[count];
        var denominators = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            ulong numerator = 1, denominator = 1;
            for (var j = 0; j < count; j++)
            {
                if (j == i)
                    continue;
                if (xs[j] == xs[i])
                    throw new ArgumentException($"Evaluation point {xs[i]} appears twice.", nameof(points));
                numerator = MersenneField.Multiply(numerator, MersenneField.Subtract(xs[j], x));
                denominator = MersenneField.Multiply(denominator, MersenneField.Subtract(xs[j], xs[i]));
            }
            numerators[i] = numerator;
            denominators[i] = denominator;
        }

        // One inversion for all denominators (Montgomery's batch trick).
        var prefix = new ulong[count];
        ulong running = 1;
        for (var i = 0; i < count; i++)
        {
            prefix[i] = running;
            running = MersenneField.Multiply(running, denominators[i]);
        }
        var inverse = MersenneField.Inverse(running);
        var weights = new ulong[count];
        for (var i = count - 1; i >= 0; i--)
        {
            weights[i] = MersenneField.Multiply(numerators[i], MersenneField.Multiply(inverse, prefix[i]));
            inverse = MersenneField.Multiply(inverse, denominators[i]);
        }
        return new LagrangeWeights(xs, x, weights);
    }

    /// <summary>
    /// The weights of the same evaluation over these points less the ones at <paramref name="excluded"/> (indices, in
    /// any order), in the remaining points' order: λ'_i = λ_i · Π_e (x_e − x_i) / (x_e − x), O(count · excluded) instead
    /// of O(count²). The evaluation point must not be one of the excluded points.
    /// </summary>
    public LagrangeWeights Without(ReadOnlySpan<int> excluded)
    {
        var skip = new bool[Count];
        ulong scale = 1;
        foreach (var e in excluded)
        {
            if (e < 0 || e >= Count || skip[e])
                throw new ArgumentException($"Excluded index {e} is out of range or repeated.", nameof(excluded));
            if (_points[e] == _at)
                throw new ArgumentException($"Point {_points[e]} is the evaluation point and cannot be left out.", nameof(excluded));
            skip[e] = true;
            scale = MersenneField.Multiply(scale, MersenneField.Subtract(_points[e], _at));
        }
        scale = MersenneField.Inverse(scale);
        var points = new ulong[Count - excluded.Length];
        var weights = new ulong[points.Length];
        var k = 0;
        for (var i = 0; i < Count; i++)
        {
            if (skip[i])
                continue;
            var weight = MersenneField.Multiply(_weights[i], scale);
            foreach (var e in excluded)
                weight = MersenneField.Multiply(weight, MersenneField.Subtract(_points[e], _points[i]));
            points[k] = _points[i];
            weights[k++] = weight;
        }
        return new LagrangeWeights(points, _at, weights);
    }
}
