namespace SecureAgg.Learning.Federated;

/// <summary>
/// Weighted FedAvg through two secure sums (PROTOCOL.md, "Float updates"): each client sends [w·c, w·Δ_1, …, w·Δ_m]
/// with w = sampleCount / maxSampleCount ∈ (0, 1]; the server gets Σ w·c and Σ w·Δ from one aggregation and divides.
/// <para>
/// Why this layout: w ≤ 1 and Δ clipped to ±c keep every w·Δ inside the quantiser's [−c, c], so the weighting costs no
/// extra clipping; the weight rides as w·c rather than w so it uses the quantiser's range whatever c is. Clipping Δ
/// before weighting makes the quotient a convex combination of clipped updates, which also stays within ±c.
/// maxSampleCount is a public bound agreed before the round (e.g. the largest client's data size).
/// </para>
/// <para>
/// Error of the decoded average (derived): with the quantiser's sum bound E = n·s on every coordinate of the summed
/// vector (including the weight coordinate, so Σ w is known to ±E/c), the true average a = Σ w·Δ / Σ w lies in [−c, c]
/// and, with e_0 and e_j the errors of the weight coordinate and of coordinate j, |â_j − a_j| = |e_j − a_j·e_0/c| / Ŵ
/// ≤ (E + c·E/c) / Ŵ = 2E/Ŵ, where Ŵ is the decoded Σ w. The server can compute this
/// bound itself: <see cref="AverageErrorBound"/>.
/// </para>
/// </summary>
public sealed class WeightedUpdate
{
    public WeightedUpdate(double clip, long maxSampleCount)
    {
        if (!(clip > 0) || double.IsInfinity(clip))
            throw new ArgumentException($"Clip bound c must be finite and positive, got {clip}.", nameof(clip));
        if (maxSampleCount < 1)
            throw new ArgumentException($"The maximum sample count must be at least 1, got {maxSampleCount}.", nameof(maxSampleCount));
        Clip = clip;
        MaxSampleCount = maxSampleCount;
    }

    /// <summary>c, the same clip bound the quantiser uses.</summary>
    public double Clip { get; }

    /// <summary>The public bound that scales a client's sample count into a weight ≤ 1.</summary>
    public long MaxSampleCount { get; }

    /// <summary>Length of an encoded vector for an update of <paramref name="parameterCount"/> coordinates.</summary>
    public static int EncodedLength(int parameterCount) => parameterCount + 1;

    /// <summary>w = sampleCount / maxSampleCount.</summary>
    public double Weight(long sampleCount)
    {
        if (sampleCount < 1 || sampleCount > MaxSampleCount)
            throw new ArgumentException($"Sample count {sampleCount} must be between 1 and the agreed maximum {MaxSampleCount}.", nameof(sampleCount));
        return (double)sampleCount / MaxSampleCount;
    }

    /// <summary>Client side: [w·c, w·clip(Δ_1), …, w·clip(Δ_m)], ready for <see cref="UpdateQuantizer.Quantize(ReadOnlySpan{double}, int)"/>.</summary>
    public double[] Encode(ReadOnlySpan<double> delta, long sampleCount)
    {
        var w = Weight(sampleCount);
        var encoded = new double[EncodedLength(delta.Length)];
        encoded[0] = w * Clip;
        for (var i = 0; i < delta.Length; i++)
        {
            if (!double.IsFinite(delta[i]))
                throw new ArgumentException($"Coordinate {i} of the update is {delta[i]}; only finite updates can be averaged.", nameof(delta));
            encoded[i + 1] = w * Math.Clamp(delta[i], -Clip, Clip);
        }
        return encoded;
    }

    /// <summary>
    /// Server side: from the dequantised sum [Σ w·c, Σ w·Δ…] to Δ̄ = Σ w·Δ / Σ w. Throws
    /// <see cref="ArgumentException"/> when the decoded total weight is not positive (no contributions, or quantisation
    /// noise larger than the weights themselves).
    /// </summary>
    public WeightedAverage Decode(ReadOnlySpan<double> summed)
    {
        if (summed.Length < 1)
            throw new ArgumentException("The summed vector must hold at least the weight coordinate.", nameof(summed));
        var totalWeight = summed[0] / Clip;
        if (!(totalWeight > 0))
            throw new ArgumentException($"The decoded total weight Σw = {totalWeight} is not positive; there is nothing to average.", nameof(summed));
        var average = new double[summed.Length - 1];
        for (var i = 0; i < average.Length; i++)
            average[i] = summed[i + 1] / totalWeight;
        return new WeightedAverage(average, totalWeight, totalWeight * MaxSampleCount);
    }

    /// <summary>
    /// Per-coordinate bound on |decoded Δ̄ − exact weighted average of the clipped updates|: 2E/Ŵ, with E the quantiser's
    /// sum bound (<see cref="UpdateQuantizer.SumErrorBound"/>) and Ŵ the decoded total weight.
    /// </summary>
    public static double AverageErrorBound(double sumErrorBound, double decodedTotalWeight)
    {
        if (!(sumErrorBound >= 0))
            throw new ArgumentException($"The sum error bound must be non-negative, got {sumErrorBound}.", nameof(sumErrorBound));
        if (!(decodedTotalWeight > 0))
            throw new ArgumentException($"The total weight must be positive, got {decodedTotalWeight}.", nameof(decodedTotalWeight));
        return 2 * sumErrorBound / decodedTotalWeight;
    }
}
