namespace SecureAgg.Learning.Federated;

/// <summary>
/// Turns float update vectors into words mod R = 2^b for secure aggregation and a secure SUM of them back into floats
/// (PROTOCOL.md, "Float updates").
/// <para>
/// Encoding, per coordinate: clip x to [−c, c], scale to t = (x + c)/s with step s = 2c/(2^q − 1), so t ∈ [0, 2^q − 1],
/// and round stochastically: ⌊t⌋ + 1 with probability t − ⌊t⌋, else ⌊t⌋. Level k decodes to k·s − c, so the levels are
/// the 2^q evenly spaced points from −c to +c (both ends exact). E[level] = t, hence the decoded value is an unbiased
/// estimate of the clipped x.
/// </para>
/// <para>
/// Summing: n words of at most 2^q − 1 sum to at most n·(2^q − 1) &lt; n·2^q ≤ R, so with b ≥
/// <see cref="RequiredBits"/>(n, q) the mod-R sum equals the integer sum and the dequantised sum is S·s − n·c.
/// </para>
/// <para>
/// Error bound (derived): stochastic rounding moves t to one of its two neighbouring integers, so each client's decoded
/// value is off by |e| ≤ max(f, 1 − f)·s &lt; s = 2c/(2^q − 1), where f is the fractional part. The n errors add, so per
/// coordinate |dequantised sum − Σ clipped x| &lt; n·s = n·2c/(2^q − 1) = (n·c/2^q)·K with K = 2·2^q/(2^q − 1): K ≤ 4 for
/// q ≥ 1, ≤ 8/3 for q ≥ 2 and → 2 as q grows. The bound is tight (a value just below a level that rounds down misses
/// by almost s) and holds for every draw, not only on average; the errors are independent with mean 0, so the typical
/// error is far smaller, about s·√n/2. <see cref="SumErrorBound"/> returns n·s.
/// </para>
/// <para>
/// q is at most <see cref="MaxLevelBits"/> so the float64 scaling itself (53-bit mantissa) stays negligible next to
/// one step.
/// </para>
/// </summary>
public sealed class UpdateQuantizer
{
    public const int MinLevelBits = 1;
    public const int MaxLevelBits = 32;

    public UpdateQuantizer(double clip, int levelBits)
    {
        if (!(clip > 0) || double.IsInfinity(clip))
            throw new ArgumentException($"Clip bound c must be finite and positive, got {clip}.", nameof(clip));
        if (levelBits < MinLevelBits || levelBits > MaxLevelBits)
            throw new ArgumentException($"Quantisation bits q = {levelBits} must be between {MinLevelBits} and {MaxLevelBits}.", nameof(levelBits));
        Clip = clip;
        LevelBits = levelBits;
        MaxLevel = (1UL << levelBits) - 1;
        Step = 2 * clip / MaxLevel;
    }

    /// <summary>c: every coordinate is clipped to [−c, c] before quantisation.</summary>
    public double Clip { get; }

    /// <summary>q: each quantised coordinate is a level in [0, 2^q).</summary>
    public int LevelBits { get; }

    /// <summary>2^q − 1, the largest level (it encodes +c).</summary>
    public ulong MaxLevel { get; }

    /// <summary>s = 2c/(2^q − 1), the distance between neighbouring levels.</summary>
    public double Step { get; }

    /// <summary>
    /// Smallest word size b with R = 2^b ≥ n·2^q, i.e. q + ⌈log2 n⌉: then a sum of n quantised vectors never wraps.
    /// The protocol also needs b ≥ its own minimum (ProtocolParameters.MinBits), so take the larger of the two.
    /// </summary>
    public static int RequiredBits(int clientCount, int levelBits)
    {
        if (clientCount < 1)
            throw new ArgumentException($"Client count must be at least 1, got {clientCount}.", nameof(clientCount));
        if (levelBits < MinLevelBits || levelBits > MaxLevelBits)
            throw new ArgumentException($"Quantisation bits q = {levelBits} must be between {MinLevelBits} and {MaxLevelBits}.", nameof(levelBits));
        var log2Ceiling = clientCount == 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(clientCount - 1));
        return levelBits + log2Ceiling;
    }

    /// <summary>Throws a clear <see cref="ArgumentException"/> unless a sum of n vectors fits words of b bits.</summary>
    public void EnsureFits(int clientCount, int wordBits)
    {
        var required = RequiredBits(clientCount, LevelBits);
        if (wordBits < required || wordBits > 64)
            throw new ArgumentException(
                $"A sum of {clientCount} vectors quantised to q = {LevelBits} bits needs words of at least {required} bits " +
                $"(R = 2^b ≥ n·2^q, else the sum wraps mod R), but b = {wordBits}.", nameof(wordBits));
    }

    /// <summary>
    /// Per-coordinate bound on |dequantised sum − Σ clipped values| for a sum of <paramref name="clientCount"/> vectors:
    /// n·s = n·2c/(2^q − 1) (strict for exact arithmetic; see the class remarks).
    /// </summary>
    public double SumErrorBound(int clientCount)
    {
        if (clientCount < 1)
            throw new ArgumentException($"Client count must be at least 1, got {clientCount}.", nameof(clientCount));
        return clientCount * Step;
    }

    /// <summary>Clips a value to [−c, c]: the value whose quantisation is unbiased.</summary>
    public double ClipValue(double value) => Math.Clamp(value, -Clip, Clip);

    /// <summary>
    /// Quantises with a generator seeded by <paramref name="seed"/>. Rounding noise is not a secret (the masks hide the
    /// words), so a seeded <see cref="System.Random"/> is enough and keeps runs reproducible.
    /// </summary>
    public ulong[] Quantize(ReadOnlySpan<double> update, int seed) => Quantize(update, new Random(seed));

    /// <summary>Clips, scales and stochastically rounds every coordinate to a level in [0, 2^q).</summary>
    public ulong[] Quantize(ReadOnlySpan<double> update, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var words = new ulong[update.Length];
        for (var i = 0; i < update.Length; i++)
        {
            var x = update[i];
            // A NaN or infinity means local training diverged; clipping it would hide that as a plausible ±c.
            if (!double.IsFinite(x))
                throw new ArgumentException($"Coordinate {i} of the update is {x}; only finite values can be quantised.", nameof(update));
            var t = (ClipValue(x) + Clip) / Step;
            var floor = Math.Floor(t);
            var level = (ulong)floor;
            // NextDouble is uniform on [0, 1), so P(u < t − ⌊t⌋) = t − ⌊t⌋: rounding up exactly that often is unbiased.
            if (random.NextDouble() < t - floor)
                level++;
            words[i] = Math.Min(level, MaxLevel);
        }
        return words;
    }

    /// <summary>The decoded value of one quantised coordinate (a sum of one vector).</summary>
    public double Dequantize(ulong level) => level * Step - Clip;

    /// <summary>
    /// Decodes the mod-R sum of exactly <paramref name="clientCount"/> quantised vectors (the survivors U3 of the
    /// aggregation) into Σ of their clipped values, coordinate by coordinate: S·s − n·c. Throws
    /// <see cref="ArgumentException"/> if b is too small for n (the sum could have wrapped) or if a word exceeds
    /// n·(2^q − 1), which no sum of n vectors can reach (wrong n, wrong q, or a corrupted aggregate).
    /// </summary>
    public double[] DequantizeSum(ReadOnlySpan<ulong> sum, int clientCount, int wordBits)
    {
        EnsureFits(clientCount, wordBits);
        var largest = (ulong)clientCount * MaxLevel;
        var offset = clientCount * Clip;
        var values = new double[sum.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            if (sum[i] > largest)
                throw new ArgumentException(
                    $"Word {i} of the sum is {sum[i]}, above {largest} = n·(2^q − 1) for n = {clientCount}, q = {LevelBits}: " +
                    "it is not a sum of that many quantised vectors.", nameof(sum));
            values[i] = sum[i] * Step - offset;
        }
        return values;
    }
}
