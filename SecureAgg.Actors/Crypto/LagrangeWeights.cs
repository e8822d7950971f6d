namespace SecureAgg.Crypto;

/// <summary>
/// λ_i = Π_{j≠i} x_j / (x_j − x_i): the weights that evaluate the interpolating polynomial at 0. Computing them is
/// O(t²), so a server that reconstructs many secrets from one set of holders computes them once.
/// </summary>
public sealed class LagrangeWeights
{
    private readonly ulong[] _weights;

    private LagrangeWeights(ulong[] weights) => _weights = weights;

    public int Count => _weights.Length;

    public ulong this[int index] => _weights[index];

    public static LagrangeWeights AtZero(IReadOnlyList<int> points)
    {
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
                numerator = MersenneField.Multiply(numerator, xs[j]);
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
        return new LagrangeWeights(weights);
    }
}
