using System.Globalization;
using System.Text.Json;
using ScottPlot;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Training;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Train;

/// <summary>metrics.csv, accuracy.png, confusion.csv and model.json of one or more training runs.</summary>
public static class TrainOutput
{
    public static void WriteMetrics(string path, IReadOnlyList<TrainingRun> runs)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("aggregation,round,train_loss,test_accuracy,macro_f1,selected,survivors,dropped,skipped,skip_reason,secure_aggregation_ms,training_ms");
        foreach (var run in runs)
        {
            foreach (var r in run.Rounds)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Name(run.Settings.Mode)},{r.Round},{r.TrainLoss:F5},{r.TestAccuracy:F4},{r.MacroF1:F4},{r.Selected},{r.Survivors},{r.Dropped}," +
                    $"{(r.Skipped ? "yes" : "no")},{CsvField.Of(r.SkipReason ?? "")},{r.SecureAggregationMs:F1},{r.TrainingMs:F1}"));
            }
        }
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

    public static void WriteConfusion(string path, TrainingRun run)
    {
        var confusion = run.Final.Confusion;
        var classes = confusion.GetLength(0);
        using var writer = new StreamWriter(path);
        writer.WriteLine("true\\predicted," + string.Join(',', Enumerable.Range(1, classes).Select(Activities.Name)));
        for (var t = 0; t < classes; t++)
            writer.WriteLine(Activities.Name(t + 1) + "," + string.Join(',', Enumerable.Range(0, classes).Select(p => confusion[t, p])));
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

    public static string Name(TrainingMode mode) => mode switch
    {
        TrainingMode.Secure => "secure",
        TrainingMode.FedAvg => "plaintext",
        _ => "central",
    };
}
