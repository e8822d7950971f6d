namespace SecureAgg.Host.Experiment;

/// <summary>
/// The Wilson score interval of a binomial proportion (95%: z = 1.96): unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside
/// [0, 1] and is not zero-width when every run completed or none did, which at a few repetitions a cell often is.
/// </summary>
public readonly record struct WilsonInterval(double Low, double High)
{
    public const double Z95 = 1.959963984540054;

    public static WilsonInterval Of(int successes, int trials, double z = Z95)
    {
        if (trials <= 0)
            throw new ArgumentOutOfRangeException(nameof(trials), "A proportion needs at least one trial.");
        if (successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), $"{successes} successes in {trials} trials.");
        double n = trials, p = successes / n, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new WilsonInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
