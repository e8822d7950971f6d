namespace SecureAgg.Benchmarks;

/// <summary>
/// A (t, n) sharing shape for <see cref="ShamirBenchmarks"/>; shown as "(t, n)" in the summary and ordered by n, so
/// the summary lists the small shape first.
/// </summary>
public readonly record struct ShamirShape(int Threshold, int Holders) : IComparable<ShamirShape>, IComparable
{
    public int CompareTo(ShamirShape other) =>
        Holders != other.Holders ? Holders.CompareTo(other.Holders) : Threshold.CompareTo(other.Threshold);

    public int CompareTo(object? obj) => obj is ShamirShape other ? CompareTo(other) : 1;

    public override string ToString() => $"({Threshold}, {Holders})";
}
