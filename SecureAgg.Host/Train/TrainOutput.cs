using System.Text.Json;
using CsvHelper;
using ScottPlot;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Training;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Train;

/// <summary>
/// The result files of one or more training runs (metrics.csv of <see cref="TrainMetricsRow"/>s, accuracy.png,
/// confusion.csv and model.json) and train's progress lines; in <c>secagg train</c> <see cref="TrainResultsWriter"/>
/// writes them.
/// </summary>
public static class TrainOutput
{
    /// <summary>
    /// metrics.csv of whole runs at once, for the server node's training (written when it ends); <c>secagg train</c>
    /// appends its rows as the rounds finish instead.
    /// </summary>
    public static void WriteMetrics(string path, IReadOnlyList<TrainingRun> runs)
    {
        using var csv = CsvWriter.ToFile(path, ResultCsv.Format, FileOptions.None);
        csv.WriteRecords(runs.SelectMany(run => run.Rounds.Select(r => TrainMetricsRow.Of(run.Settings.Mode, r))));
    }

    public static void PlotAccuracy(string path, IReadOnlyList<TrainingRun> runs)
    {
        var plot = new Plot();
        foreach (var run in runs)
        {
            var scatter = plot.Add.Scatter(run.Rounds.Select(r => (double)r.Round).ToArray(), run.Rounds.Select(r => r.TestAccuracy).ToArray());
            scatter.LegendText = $"{Name(run.Settings.Mode)} ({run.Final.Accuracy:F3})";
            scatter.MarkerSize = 3;
        }
        plot.Title("Test accuracy per round (UCI HAPT, subject split)");
        plot.XLabel(runs.Any(r => r.Settings.Mode == TrainingMode.Central) ? "round (central: epoch)" : "round");
        plot.YLabel("test accuracy");
        plot.Axes.SetLimitsY(Math.Max(0, runs.SelectMany(r => r.Rounds).Min(r => r.TestAccuracy) - 0.05), 1.0);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 800, 500);
    }

    /// <summary>The final model's confusion matrix: a row per true class, a column per predicted class, named.</summary>
    public static void WriteConfusion(string path, TrainingRun run)
    {
        var confusion = run.Final.Confusion;
        var classes = confusion.GetLength(0);
        // The result files' CSV format; the columns are the classes, so fields rather than a record type.
        using var csv = CsvWriter.ToFile(path, ResultCsv.Format, FileOptions.None);
        csv.WriteHeader(["true\\predicted", .. Enumerable.Range(1, classes).Select(Activities.Name)]);
        for (var t = 0; t < classes; t++)
        {
            csv.WriteField(Activities.Name(t + 1));
            for (var p = 0; p < classes; p++)
                csv.WriteField(confusion[t, p]);
            csv.EndRecord();
        }
    }

    public static void WriteModel(string path, TrainingRun run, DataPreparation preparation)
    {
        var model = new
        {
            aggregation = Name(run.Settings.Mode),
            input = run.Model.Shape.InputSize,
            hidden = run.Model.Shape.HiddenSizes,
            classes = Enumerable.Range(1, run.Model.Shape.Classes).Select(Activities.Name).ToArray(),
            standardization = preparation.Standardization == StandardizationMode.PerClient
                ? "per-device: standardise each device's feature vectors with that device's own mean and std"
                : "global",
            parameter_order = "per dense layer, input to output: W (in x out, row-major), then b",
            features = FeatureExtractor.FeatureNames,
            accuracy = run.Final.Accuracy,
            macro_f1 = run.Final.MacroF1,
            parameters = run.Model.ToVector(),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(model));
    }

    /// <summary>The line that opens a run of one mode.</summary>
    public static string RunLine(TrainingSettings settings) =>
        $"== {Name(settings.Mode)}: {settings.Rounds} {(settings.Mode == TrainingMode.Central ? "epochs" : "rounds")}, " +
        $"hidden {string.Join(',', settings.HiddenLayers)}, server {settings.ServerOptimizer}, seed {settings.Seed}";

    /// <summary>The progress line of a finished round (central: epoch) of <paramref name="total"/>.</summary>
    public static string RoundLine(TrainingMode mode, int total, TrainingRoundMetrics r, Evaluation? evaluation = null)
    {
        var scored = evaluation is { IsValidation: true } ? $"{evaluation.Name} accuracy" : "accuracy";
        var line = FormattableString.Invariant($"{Name(mode)} round {r.Round}/{total}: loss {r.TrainLoss:F3} {scored} {r.TestAccuracy:F3} f1 {r.MacroF1:F3}");
        if (mode != TrainingMode.Central)
            line += FormattableString.Invariant($" survivors {r.Survivors}/{r.Selected}");
        if (r.Skipped)
            line += $" SKIPPED ({r.SkipReason})";
        line += FormattableString.Invariant($" train {r.TrainingMs:F0} ms");
        if (mode == TrainingMode.Secure)
            line += FormattableString.Invariant($" secagg {r.SecureAggregationMs:F0} ms");
        return line;
    }

    public static string Name(TrainingMode mode) => mode switch
    {
        TrainingMode.Secure => "secure",
        TrainingMode.FedAvg => "plaintext",
        _ => "central",
    };
}
