using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SecureAgg.Host.Output;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Prediction;

namespace SecureAgg.Host.Predict;

/// <summary>
/// <c>secagg predict</c>: applies a trained model (train's model.json) to the recordings of a data folder: windows
/// and features as training makes them, the model's standardisation, the network's class per window. Writes
/// predictions.csv and, the windows being labelled, scores the model (accuracy, macro F1, confusion matrix, also as
/// confusion.csv). With <c>--subjects test</c> on the training data it reproduces the model's recorded test accuracy.
/// </summary>
public static class PredictCommand
{
    private static readonly Dictionary<string, SubjectSelection> Selections = new()
    {
        ["all"] = SubjectSelection.All,
        ["train"] = SubjectSelection.Train,
        ["test"] = SubjectSelection.Test,
    };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model file secagg train wrote, e.g. out/train/model.json.", Required = true };
        var data = new Option<string>("--data")
        {
            Description = "Folder of recordings: the HAPT raw layout (RawData/acc_*.txt, gyro_*.txt, labels.txt) or the UCI HAR layout ({train,test}/Inertial Signals).",
            Required = true,
        };
        var subjects = new Option<string>("--subjects")
        {
            Description = "Which windows: all (new recordings), train (the model's training subjects) or test (its held-out subjects: reproduces its test accuracy).",
            DefaultValueFactory = _ => "all",
        };
        subjects.AcceptOnlyFromAmong([.. Selections.Keys]);
        var output = new Option<string>("--out") { Description = "Output folder for predictions.csv and confusion.csv.", DefaultValueFactory = _ => "out/predict" };
        var command = new Command("predict", "Label the windows of recordings with a trained model (train's model.json) and score it against their labels.")
        {
            model, data, subjects, output,
        };
        command.SetAction(result =>
            Run(result.GetValue(model)!, result.GetValue(data)!, Selections[result.GetValue(subjects)!], result.GetValue(output)!, Console.Out, Console.Error));
        return command;
    }

    /// <summary>The whole command; bad input (model, data, output folder) is one line on <paramref name="error"/> and exit code 2.</summary>
    public static int Run(string modelPath, string dataFolder, SubjectSelection selection, string outDir, TextWriter output, TextWriter error)
    {
        var clock = Stopwatch.StartNew();
        ModelFile model;
        PredictionInput input;
        try
        {
            model = ModelFile.Load(modelPath);
            var location = DataLocation.Resolve(dataFolder);
            location.RequireDataUnlessDefault();
            OutputFolder.Prepare(outDir);
            output.WriteLine($"model: {modelPath}: {PredictOutput.Describe(model)}");
            input = PredictionInput.Load(location, model, selection);
            if (input.Windows.Count == 0)
                throw new ArgumentException($"{location.Directory} has no windows to label ({input.Description})");
            if (model.Standardization.IsPerDevice && input.Windows.Any(w => w.Subject is null))
                throw new ArgumentException($"the model standardises each device (subject) with its own moments, but the windows of {location.Directory} have no subject ids");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"data: {location.Directory}: {input.Description} ({clock.Elapsed.TotalSeconds:F1} s)"));
        }
        catch (Exception problem) when (problem is ModelFileException or DataFormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"secagg predict: {problem.Message}");
            return UsageError.ExitCode;
        }

        var windows = input.Windows;
        var features = ActivityClassifier.Features(windows);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"features: {FeatureExtractor.FeatureCount} per window ({clock.Elapsed.TotalSeconds:F1} s)"));
        var classifier = model.ToClassifier();
        var predicted = classifier.Predict(features, [.. windows.Select(w => w.Subject)]);
        var classes = model.Network.Classes;
        var report = Metrics.Evaluate([.. windows.Select(w => w.Activity - 1)], predicted, classifier.Classes);

        var predictions = Path.Combine(outDir, "predictions.csv");
        var confusion = Path.Combine(outDir, "confusion.csv");
        try
        {
            PredictOutput.WritePredictions(predictions, windows, predicted, classes);
            ConfusionCsv.Write(confusion, report.Confusion, classes);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"secagg predict: could not write the results: {problem.Message}");
            return 1;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {report.Accuracy:F4} macro F1 {report.MacroF1:F4} over {windows.Count} labelled windows"));
        output.WriteLine("confusion matrix (rows: true activity, columns: predicted):");
        foreach (var line in PredictOutput.ConfusionTable(report.Confusion, classes))
            output.WriteLine(line);
        output.WriteLine($"wrote {predictions}, {confusion}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"predict windows={windows.Count} accuracy={report.Accuracy:F3} f1={report.MacroF1:F3} ok"));
        return 0;
    }
}
