namespace SecureAgg.Host.Experiment;

/// <summary>
/// What a training cell's runs say: the final test accuracy and macro F1 over the repetitions (mean, sample standard
/// deviation, range), rounds skipped per run (aborted aggregations), clients in the sum per applied round, late
/// rounds, seconds per run, and the accuracy after each round averaged over the repetitions (the plot's line).
/// </summary>
public sealed record TrainCellStatistics(
    int Runs, int Rounds, double AccuracyMean, double? AccuracySd, double AccuracyMin, double AccuracyMax, double MacroF1Mean, double? MacroF1Sd,
    double RoundsSkippedMean, int RoundsSkippedTotal, int RoundsSkippedMax, double SelectedMean, double PlannedMean, double? SurvivorsMean, int LateRounds,
    double SecondsMean, IReadOnlyList<double> AccuracyPerRound)
{
    public static TrainCellStatistics Of(IReadOnlyList<TrainRunOutcome> runs)
    {
        var accuracy = runs.Select(r => r.Accuracy).ToArray();
        var f1 = runs.Select(r => r.MacroF1).ToArray();
        var rounds = runs.Min(r => r.Rounds.Length);
        var applied = runs.SelectMany(r => r.Rounds).Where(r => !r.Skipped).ToArray();
        return new TrainCellStatistics(runs.Count, rounds, accuracy.Average(), CellStatistics.SampleStandardDeviation(accuracy), accuracy.Min(), accuracy.Max(),
            f1.Average(), CellStatistics.SampleStandardDeviation(f1),
            runs.Average(r => r.RoundsSkipped), runs.Sum(r => r.RoundsSkipped), runs.Max(r => r.RoundsSkipped),
            runs.SelectMany(r => r.Rounds).Average(r => r.Selected), runs.SelectMany(r => r.Rounds).Average(r => r.Planned),
            applied.Length > 0 ? applied.Average(r => r.Survivors) : null, runs.Sum(r => r.LateRounds), runs.Average(r => r.Seconds),
            Enumerable.Range(0, rounds).Select(i => runs.Average(r => r.Rounds[i].Accuracy)).ToArray());
    }
}
