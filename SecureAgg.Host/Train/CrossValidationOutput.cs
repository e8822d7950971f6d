using System.Globalization;
using CsvHelper;
using ScottPlot;
using SecureAgg.Host.Output;
using SecureAgg.Learning.Training;

namespace SecureAgg.Host.Train;

/// <summary>One fold's run of cross-validation: the run and the training subjects it was scored on.</summary>
public sealed record FoldRun(Evaluation Fold, TrainingRun Run);

/// <summary>
/// The files of <c>secagg train --cross-validate K</c>: validation-rounds.csv (every round of every fold),
/// validation.csv (per round: mean, spread and range over the folds), validation.md (the best round per mode, a
/// table a person reads) and validation.png (mean validation accuracy per round, the folds faint behind it).
/// No file holds a test-subject figure: cross-validation never loads them.
/// </summary>
public static class CrossValidationOutput
{
    public static IReadOnlyList<ValidationSummaryRow> Summarize(IReadOnlyList<FoldRun> runs) =>
        runs.GroupBy(r => r.Run.Settings.Mode)
            .SelectMany(mode => mode.SelectMany(f => f.Run.Rounds).GroupBy(r => r.Round).OrderBy(g => g.Key).Select(round =>
            {
                var accuracy = round.Select(r => r.TestAccuracy).ToArray();
                return new ValidationSummaryRow(TrainOutput.Name(mode.Key), round.Key, accuracy.Length, accuracy.Average(), SampleSd(accuracy), accuracy.Min(),
                    accuracy.Max(), round.Average(r => r.MacroF1));
            }))
            .ToArray();

    /// <summary>The round with the highest mean validation accuracy (the earliest on a tie): what a final run should train for.</summary>
    public static ValidationSummaryRow Best(IEnumerable<ValidationSummaryRow> rows) =>
        rows.OrderByDescending(r => r.MeanAccuracy).ThenBy(r => r.Round).First();

    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<FoldRun> runs, string settingsLine)
    {
        var summary = Summarize(runs);
        var files = new[] { "validation-rounds.csv", "validation.csv", "validation.md", "validation.png" }.Select(f => Path.Combine(folder, f)).ToArray();
        using (var csv = CsvWriter.ToFile(files[0], ResultCsv.Format, FileOptions.None))
            csv.WriteRecords(runs.SelectMany(f => f.Run.Rounds.Select(r => ValidationRoundRow.Of(f.Run, f.Fold, r))));
        using (var csv = CsvWriter.ToFile(files[1], ResultCsv.Format, FileOptions.None))
            csv.WriteRecords(summary);
        File.WriteAllText(files[2], Markdown(runs, summary, settingsLine));
        Plot(files[3], runs, summary);
        return files;
    }

    public static string Markdown(IReadOnlyList<FoldRun> runs, IReadOnlyList<ValidationSummaryRow> summary, string settingsLine)
    {
        var text = new System.Text.StringBuilder();
        var folds = runs.Max(r => r.Fold.Folds);
        text.AppendLine(CultureInfo.InvariantCulture, $"# Cross-validation by subject: {folds} folds of the 21 training subjects");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{settingsLine}`");
        text.AppendLine();
        text.AppendLine("Each fold trains on the other folds' subjects and is scored on its own; the test subjects are not loaded.");
        text.AppendLine();
        text.AppendLine("| aggregation | best round | validation accuracy at best (mean ± sd) | last round | validation accuracy at last (mean ± sd) | folds (subjects held out) |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var mode in summary.GroupBy(r => r.Aggregation))
        {
            var best = Best(mode);
            var last = mode.MaxBy(r => r.Round)!;
            var held = string.Join("; ", runs.Where(r => TrainOutput.Name(r.Run.Settings.Mode) == mode.Key).Select(r => $"{r.Fold.Fold}: {string.Join(',', r.Fold.Subjects)}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {mode.Key} | {best.Round} | {best.MeanAccuracy:F4} ± {best.SdAccuracy:F4} | {last.Round} | {last.MeanAccuracy:F4} ± {last.SdAccuracy:F4} | {held} |");
        }
        return text.ToString();
    }

    private static void Plot(string path, IReadOnlyList<FoldRun> runs, IReadOnlyList<ValidationSummaryRow> summary)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var modes = summary.Select(r => r.Aggregation).Distinct().ToArray();
        for (var m = 0; m < modes.Length; m++)
        {
            var color = palette.GetColor(m);
            foreach (var fold in runs.Where(r => TrainOutput.Name(r.Run.Settings.Mode) == modes[m]))
            {
                var faint = plot.Add.Scatter(fold.Run.Rounds.Select(r => (double)r.Round).ToArray(), fold.Run.Rounds.Select(r => r.TestAccuracy).ToArray());
                faint.Color = color.WithAlpha(0.25);
                faint.MarkerSize = 0;
            }
            var rows = summary.Where(r => r.Aggregation == modes[m]).ToArray();
            var best = Best(rows);
            var mean = plot.Add.Scatter(rows.Select(r => (double)r.Round).ToArray(), rows.Select(r => r.MeanAccuracy).ToArray());
            mean.Color = color;
            mean.LineWidth = 2;
            mean.MarkerSize = 3;
            mean.LegendText = string.Create(CultureInfo.InvariantCulture,
                $"{modes[m]}: mean over {rows[0].Folds} folds (faint: each fold); best round {best.Round}, {best.MeanAccuracy:F3} ± {best.SdAccuracy:F3}");
        }
        plot.Title("Validation accuracy per round (held-out training subjects; no test subject)");
        plot.XLabel(runs.Any(r => r.Run.Settings.Mode == TrainingMode.Central) ? "round (central: epoch)" : "round");
        plot.YLabel("validation accuracy");
        var low = runs.SelectMany(r => r.Run.Rounds).Min(r => r.TestAccuracy);
        plot.Axes.SetLimits(1, Math.Max(2, summary.Max(r => r.Round)), Math.Max(0, Math.Min(low, summary.Min(r => r.MeanAccuracy)) - 0.02), 1.0);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 560);
    }

    private static double SampleSd(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
