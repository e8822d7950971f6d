using System.Globalization;
using CsvHelper;
using ScottPlot;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Prediction;
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

    /// <summary>
    /// accuracy.png: test accuracy per round from round 1 on, one series per run, each named with what it is and its
    /// final test accuracy. A single run's title names its mode and says what <c>--compare</c> adds.
    /// </summary>
    public static void PlotAccuracy(string path, IReadOnlyList<TrainingRun> runs) => AccuracyPlot(runs).SavePng(path, 900, 560);

    /// <summary>The plot of accuracy.png, before it is drawn.</summary>
    public static Plot AccuracyPlot(IReadOnlyList<TrainingRun> runs)
    {
        var plot = new Plot();
        var besideSecure = runs.Count > 1 && runs.Any(r => r.Settings.Mode == TrainingMode.Secure);
        foreach (var run in runs)
        {
            var scatter = plot.Add.Scatter(run.Rounds.Select(r => (double)r.Round).ToArray(), run.Rounds.Select(r => r.TestAccuracy).ToArray());
            scatter.LegendText = FormattableString.Invariant($"{Describe(run.Settings.Mode, besideSecure)}: final test accuracy {run.Final.Accuracy:F3}");
            Style(scatter, run.Settings.Mode, besideSecure);
        }
        plot.Title(runs.Count == 1 ? SingleRunTitle(runs[0].Settings.Mode) : "Test accuracy per round: secure FedAvg beside plaintext FedAvg and central training");
        plot.XLabel(runs.Any(r => r.Settings.Mode == TrainingMode.Central) ? "round (central: epoch)" : "round");
        plot.YLabel("test accuracy (held-out test subjects)");
        var last = Math.Max(2, runs.SelectMany(r => r.Rounds).Select(r => r.Round).DefaultIfEmpty(1).Max());
        // From round 1, with no margin before it: there is no round 0.
        plot.Axes.SetLimitsX(1, last);
        var ticks = RoundTicks(last);
        plot.Axes.Bottom.SetTicks(ticks, [.. ticks.Select(t => t.ToString(CultureInfo.InvariantCulture))]);
        plot.Axes.SetLimitsY(Math.Max(0, runs.SelectMany(r => r.Rounds).Min(r => r.TestAccuracy) - 0.05), 1.0);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>What a mode's series is, in the plot's legend; beside a secure run, plaintext FedAvg has its settings.</summary>
    public static string Describe(TrainingMode mode, bool besideSecure = false) => mode switch
    {
        TrainingMode.Secure => "secure FedAvg (secure aggregation every round)",
        TrainingMode.FedAvg => besideSecure ? "plaintext FedAvg, same settings" : "plaintext FedAvg (summed in the clear)",
        _ => "central training on pooled data (ceiling), per epoch",
    };

    private static string SingleRunTitle(TrainingMode mode) =>
        $"Test accuracy per round: {Describe(mode)} only\n" + (mode == TrainingMode.Secure
            ? "(secagg train --compare adds the plaintext FedAvg and central baselines)"
            : "(secagg train --compare shows it beside secure FedAvg and the other baseline)");

    // Secure and plaintext FedAvg often agree round for round: beside a secure run, plaintext is a wide pale band with
    // open markers, so the secure line drawn over it leaves it visible.
    private static void Style(ScottPlot.Plottables.Scatter scatter, TrainingMode mode, bool besideSecure)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var (color, lineWidth, marker, markerSize) = mode switch
        {
            TrainingMode.Central => (palette.GetColor(0), 2f, MarkerShape.FilledSquare, 5f),
            TrainingMode.FedAvg when besideSecure => (palette.GetColor(1).WithAlpha(0.5), 7f, MarkerShape.OpenCircle, 11f),
            TrainingMode.FedAvg => (palette.GetColor(1), 2f, MarkerShape.FilledCircle, 5f),
            _ => (palette.GetColor(2), 2f, MarkerShape.FilledCircle, 5f),
        };
        scatter.Color = color;
        scatter.LineWidth = lineWidth;
        scatter.MarkerShape = marker;
        scatter.MarkerSize = markerSize;
    }

    // Round 1 and then every 1, 2, 5, 10, 20, … rounds, about ten ticks.
    private static double[] RoundTicks(int last)
    {
        var step = new[] { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 }.FirstOrDefault(s => last / s <= 10, last);
        return [1, .. Enumerable.Range(1, last / step).Select(k => (double)(k * step)).Where(t => t > 1)];
    }

    /// <summary>The final model's confusion matrix: a row per true class, a column per predicted class, named.</summary>
    public static void WriteConfusion(string path, TrainingRun run) =>
        ConfusionCsv.Write(path, run.Final.Confusion, ModelNetwork.ClassNames(run.Final.Confusion.GetLength(0)));

    /// <summary>
    /// model.json (<see cref="ModelFile"/>): what <c>secagg predict</c> needs to apply the model.
    /// <paramref name="standardizer"/> is the data's global standardiser (<see cref="ActivityData.Standardizer"/>),
    /// null when every device standardised its own windows; <paramref name="testSubjects"/> are the held-out subjects
    /// the final accuracy was measured on.
    /// </summary>
    public static void WriteModel(string path, TrainingRun run, DataPreparation preparation, Standardizer? standardizer, IReadOnlyList<int> testSubjects)
    {
        if (standardizer is null && preparation.Standardization == StandardizationMode.Global)
            throw new ArgumentException("the data was standardised globally but carries no standardiser, so the model could not be applied to new windows");
        var confusion = run.Final.Confusion;
        var windows = 0;
        foreach (var count in confusion)
            windows += count;
        var evaluation = new ModelEvaluation([.. testSubjects.Order()], windows, run.Final.Accuracy, run.Final.MacroF1);
        ModelFile.Of(Name(run.Settings.Mode), run.Model, standardizer, preparation.IncludeTransitions, evaluation).Save(path);
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
