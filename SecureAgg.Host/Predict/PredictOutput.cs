using System.Globalization;
using CsvHelper;
using SecureAgg.Host.Output;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Prediction;

namespace SecureAgg.Host.Predict;

/// <summary>predict's result files (predictions.csv; confusion.csv through <see cref="ConfusionCsv"/>) and its lines.</summary>
public static class PredictOutput
{
    /// <summary>predictions.csv: a <see cref="PredictionRow"/> per window, in the input's order.</summary>
    public static void WritePredictions(string path, IReadOnlyList<Window> windows, IReadOnlyList<int> predicted, IReadOnlyList<string> classes)
    {
        using var csv = CsvWriter.ToFile(path, ResultCsv.Format, FileOptions.None);
        csv.WriteRecords(windows.Select((w, i) => new PredictionRow(w.Subject, w.Experiment, w.Start, classes[predicted[i]], classes[w.Activity - 1])));
    }

    /// <summary>What the model is, e.g. "secure, MLP 344-128-64-6, global standardisation, test accuracy 0.9372 on 2996 windows of subjects 2, 4, 9".</summary>
    public static string Describe(ModelFile model)
    {
        var layers = string.Join('-', model.Network.Shape().LayerSizes);
        var standardization = model.Standardization.IsPerDevice ? "per-device standardisation" : "global standardisation";
        var subjects = model.Evaluation.TestSubjects.Length == 0 ? "" : $" of subjects {string.Join(", ", model.Evaluation.TestSubjects)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{model.Aggregation}, MLP {layers}, {standardization}, test accuracy {model.Evaluation.Accuracy:F4} on {model.Evaluation.TestWindows} windows{subjects}");
    }

    /// <summary>The confusion matrix as text: a row per true class, a column per predicted class, named, counts right-aligned.</summary>
    public static IEnumerable<string> ConfusionTable(int[,] confusion, IReadOnlyList<string> classes)
    {
        const string corner = "true\\predicted";
        var first = Math.Max(corner.Length, classes.Max(c => c.Length)) + 2;
        var widths = Enumerable.Range(0, classes.Count)
            .Select(p => Math.Max(classes[p].Length, Enumerable.Range(0, classes.Count).Max(t => Digits(confusion[t, p]))) + 2).ToArray();
        yield return corner.PadRight(first) + string.Concat(classes.Select((c, p) => c.PadLeft(widths[p])));
        for (var t = 0; t < classes.Count; t++)
            yield return classes[t].PadRight(first) + string.Concat(Enumerable.Range(0, classes.Count).Select(p => Count(confusion[t, p]).PadLeft(widths[p])));
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Digits(int value) => Count(value).Length;
}
