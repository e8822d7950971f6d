namespace SecureAgg.Host.Experiment;

/// <summary>
/// What a cell's runs say: the completion rate with its 95% Wilson interval; |U3| over the COMPLETED runs only (an
/// aborted run's U3 fell short of t, and averaging it in would mix two outcomes); per phase the mean wall time over
/// the runs that reached it; bytes per client over all runs.
/// </summary>
public sealed record CellStatistics(
    int Runs, int Completed, int Verified, int Late, double CompletionRate, WilsonInterval Interval, double? U3Mean, double? U3StandardDeviation,
    IReadOnlyDictionary<string, double> PhaseMs, double BytesUpPerClient, double BytesDownPerClient)
{
    public static readonly string[] Phases = ["advertise", "share", "mask", "consistency", "unmask"];

    public static CellStatistics Of(IReadOnlyList<RunOutcome> runs)
    {
        var completed = runs.Where(r => r.Completed).ToArray();
        var u3 = completed.Where(r => r.U3 is not null).Select(r => (double)r.U3!.Value).ToArray();
        var phases = Phases.Where(phase => runs.Any(r => r.PhaseMs.ContainsKey(phase)))
            .ToDictionary(phase => phase, phase => runs.Where(r => r.PhaseMs.ContainsKey(phase)).Average(r => r.PhaseMs[phase]));
        return new CellStatistics(runs.Count, completed.Length, completed.Count(r => r.Verified), runs.Count(r => r.Late),
            (double)completed.Length / runs.Count, WilsonInterval.Of(completed.Length, runs.Count),
            u3.Length > 0 ? u3.Average() : null, SampleStandardDeviation(u3), phases,
            runs.Average(r => r.BytesUpPerClient), runs.Average(r => r.BytesDownPerClient));
    }

    /// <summary>With n − 1 in the denominator; none for fewer than two values.</summary>
    public static double? SampleStandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            return null;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
