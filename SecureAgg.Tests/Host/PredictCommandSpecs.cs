using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureAgg.Host.Predict;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Prediction;
using SecureAgg.Tests.Learning.Data;
using SecureAgg.Tests.Learning.Prediction;
using SecureAgg.Tests.Processes;

namespace SecureAgg.Tests.Host;

/// <summary>
/// <c>secagg predict</c>: labels every window of a data folder with a model file, writes predictions.csv and scores
/// the labels (accuracy, macro F1, confusion.csv); on the training data with <c>--subjects test</c> it gives exactly
/// the test accuracy train recorded. Bad input is one line on stderr and exit code 2.
/// </summary>
public sealed class PredictCommandSpecs : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Out(string name) => _folder.File(name);

    [RealHaptDataFact]
    public void Predicting_the_test_subjects_of_the_training_data_gives_exactly_the_recorded_test_accuracy()
    {
        var data = RealHaptDataFactAttribute.Folder!;
        var train = SecaggProcess.Run(Timeout, "train", "--aggregation", "plaintext", "--rounds", "1", "--hidden", "8", "--data", data, "--out", Out("train"));
        Assert.True(train.ExitCode == 0, train.Output + train.Error);
        var model = Path.Combine(Out("train"), "model.json");
        using var json = JsonDocument.Parse(File.ReadAllText(model));
        var evaluation = json.RootElement.GetProperty("evaluation");
        var accuracy = evaluation.GetProperty("accuracy").GetDouble();
        var f1 = evaluation.GetProperty("macro_f1").GetDouble();
        var windows = evaluation.GetProperty("test_windows").GetInt32();
        var testSubjects = evaluation.GetProperty("test_subjects").EnumerateArray().Select(s => s.GetInt32()).ToArray();

        var predict = SecaggProcess.Run(Timeout, "predict", "--model", model, "--data", data, "--subjects", "test", "--out", Out("predict"));

        Assert.True(predict.ExitCode == 0, predict.Output + predict.Error);
        Assert.Equal(SubjectSplit.TestSubjects.Order(), testSubjects);
        var rows = Rows(Path.Combine(Out("predict"), "predictions.csv"));
        Assert.Equal(windows, rows.Length);
        Assert.Equal(accuracy, (double)rows.Count(r => r[3] == r[4]) / rows.Length);
        Assert.All(rows, r => Assert.Contains(int.Parse(r[0], CultureInfo.InvariantCulture), testSubjects));
        Assert.Equal(File.ReadAllText(Path.Combine(Out("train"), "confusion.csv")), File.ReadAllText(Path.Combine(Out("predict"), "confusion.csv")));
        Assert.Equal(FormattableString.Invariant($"predict windows={windows} accuracy={accuracy:F3} f1={f1:F3} ok"), predict.LastLine);
    }

    [Theory]
    [InlineData("all", new[] { 1, 2, 3, 4 })]
    [InlineData("train", new[] { 1, 3 })]
    [InlineData("test", new[] { 2, 4 })]
    public void Every_window_of_the_chosen_subjects_gets_a_row_with_its_place_prediction_and_label(string subjects, int[] expected)
    {
        SyntheticRecordings.Write(_folder);
        var model = WriteModel(AStandardizer());
        var output = new StringWriter();
        var error = new StringWriter();

        var code = PredictCommand.Run(model, _folder.Path, Selection(subjects), Out("out"), output, error);

        Assert.True(code == 0, output + error.ToString());
        var windows = PredictionInput.Load(DataLocation.Resolve(_folder.Path), ModelFile.Load(model), Selection(subjects)).Windows;
        var predicted = ModelFile.Load(model).ToClassifier().Predict(ActivityClassifier.Features(windows), [.. windows.Select(w => w.Subject)]);
        var rows = Rows(Path.Combine(Out("out"), "predictions.csv"));
        Assert.Equal("subject,experiment,start_sample,predicted,true", File.ReadLines(Path.Combine(Out("out"), "predictions.csv")).First());
        Assert.Equal(expected.Length * SyntheticRecordings.WindowsPerSubject, rows.Length);
        Assert.Equal(expected, rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).Distinct());
        Assert.Equal(windows.Select((w, i) => $"{w.Subject},{w.Experiment},{w.Start},{Activities.Name(predicted[i] + 1)},{Activities.Name(w.Activity)}"),
            rows.Select(r => string.Join(',', r)));
        // The first window of each segment starts at the segment's first row, the next one 64 rows later.
        Assert.Equal(["1", "65", "129", "193", "257", "401"], rows.Take(6).Select(r => r[2]));
        var correct = rows.Count(r => r[3] == r[4]);
        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Contains(FormattableString.Invariant($"accuracy {(double)correct / rows.Length:F4} macro F1 "), lines.Single(l => l.StartsWith("accuracy ", StringComparison.Ordinal)));
        Assert.StartsWith($"predict windows={rows.Length} accuracy=", lines[^1]);
        Assert.EndsWith(" ok", lines[^1]);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void The_confusion_matrix_is_printed_and_written_with_rows_true_and_columns_predicted()
    {
        SyntheticRecordings.Write(_folder);
        var model = WriteModel(AStandardizer());
        var output = new StringWriter();

        Assert.Equal(0, PredictCommand.Run(model, _folder.Path, SubjectSelection.All, Out("out"), output, new StringWriter()));

        var rows = Rows(Path.Combine(Out("out"), "predictions.csv"));
        var confusion = File.ReadAllLines(Path.Combine(Out("out"), "confusion.csv"));
        Assert.Equal("true\\predicted,WALKING,WALKING_UPSTAIRS,WALKING_DOWNSTAIRS,SITTING,STANDING,LAYING", confusion[0]);
        for (var t = 1; t <= Activities.BasicCount; t++)
        {
            var counts = Enumerable.Range(1, Activities.BasicCount).Select(p => rows.Count(r => r[4] == Activities.Name(t) && r[3] == Activities.Name(p)));
            Assert.Equal($"{Activities.Name(t)},{string.Join(',', counts)}", confusion[t]);
        }
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
        var header = Array.IndexOf(lines, "confusion matrix (rows: true activity, columns: predicted):");
        Assert.Equal("true\\predicted        WALKING  WALKING_UPSTAIRS  WALKING_DOWNSTAIRS  SITTING  STANDING  LAYING", lines[header + 1]);
        for (var t = 1; t <= Activities.BasicCount; t++)
            Assert.Equal(confusion[t].Split(',').Skip(1), lines[header + 1 + t].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1));
    }

    [Fact]
    public void A_per_device_model_standardises_each_subject_with_its_own_windows()
    {
        SyntheticRecordings.Write(_folder);
        var model = WriteModel(null);

        Assert.Equal(0, PredictCommand.Run(model, _folder.Path, SubjectSelection.All, Out("out"), new StringWriter(), new StringWriter()));

        var windows = PredictionInput.Load(DataLocation.Resolve(_folder.Path), ModelFile.Load(model), SubjectSelection.All).Windows;
        var features = ActivityClassifier.Features(windows);
        var network = ModelFile.Load(model).Network.ToModel();
        var expected = new List<string>();
        foreach (var subject in windows.Select((w, i) => (w, i)).GroupBy(x => x.w.Subject))
        {
            var own = Standardizer.StandardizeWithOwnMoments([.. subject.Select(x => features[x.i])]);
            expected.AddRange(network.Predict(own).Select(p => Activities.Name(p + 1)));
        }
        Assert.Equal(expected, Rows(Path.Combine(Out("out"), "predictions.csv")).Select(r => r[3]));
    }

    [Theory]
    [InlineData("all", new[] { 1, 3, 2, 4 })]
    [InlineData("train", new[] { 1, 3 })]
    [InlineData("test", new[] { 2, 4 })]
    public void In_the_uci_har_layout_train_and_test_are_its_splits(string subjects, int[] expected)
    {
        SyntheticRecordings.WriteUciHar(_folder, withSubjects: true);
        var model = WriteModel(AStandardizer());

        Assert.Equal(0, PredictCommand.Run(model, _folder.Path, Selection(subjects), Out("out"), new StringWriter(), new StringWriter()));

        var rows = Rows(Path.Combine(Out("out"), "predictions.csv"));
        // Two windows of each of the 6 activities per subject; no experiment; the start is the window's line in its split.
        Assert.Equal(expected.Length * 12, rows.Length);
        Assert.Equal(expected, rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).Distinct());
        Assert.All(rows, r => Assert.Equal("", r[1]));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Take(12).Select(r => r[2]));
        Assert.Equal(Enumerable.Range(1, 6).SelectMany(a => Enumerable.Repeat(Activities.Name(a), 2)), rows.Take(12).Select(r => r[4]));
    }

    [Fact]
    public void A_per_device_model_is_refused_for_windows_without_subject_ids()
    {
        SyntheticRecordings.WriteUciHar(_folder, withSubjects: false);
        var model = WriteModel(null);
        var error = new StringWriter();

        Assert.Equal(2, PredictCommand.Run(model, _folder.Path, SubjectSelection.All, Out("out"), new StringWriter(), error));
        Assert.Equal($"secagg predict: the model standardises each device (subject) with its own moments, but the windows of {_folder.Path} have no subject ids",
            error.ToString().TrimEnd());
    }

    [Fact]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2()
    {
        SyntheticRecordings.Write(_folder);
        var good = WriteModel(AStandardizer());
        var missing = Out("no-such-model.json");
        var corrupt = _folder.Write("corrupt.json", File.ReadAllText(good)[..500]);
        var file = JsonNode.Parse(File.ReadAllText(good))!;
        file["network"]!["parameters"]!.AsArray().RemoveAt(0);
        var shortModel = _folder.Write("short.json", file.ToJsonString());
        var noData = Out("no-such-data");
        var outDir = Out("out");

        AssertOneLine(SecaggProcess.Run(Timeout, "predict", "--model", missing, "--data", _folder.Path, "--out", outDir), $"secagg predict: model file {missing} does not exist");
        var run = SecaggProcess.Run(Timeout, "predict", "--model", corrupt, "--data", _folder.Path, "--out", outDir);
        AssertOneLine(run, run.Error);
        Assert.StartsWith($"secagg predict: model file {corrupt} is not JSON: ", run.Error);
        AssertOneLine(SecaggProcess.Run(Timeout, "predict", "--model", shortModel, "--data", _folder.Path, "--out", outDir),
            $"secagg predict: model file {shortModel}: network.parameters has 1409 values, but an MLP 344-4-6 has 1410 parameters");
        AssertOneLine(SecaggProcess.Run(Timeout, "predict", "--model", good, "--data", noData, "--out", outDir), $"secagg predict: data folder {noData} does not exist (--data)");
        Assert.False(Directory.Exists(outDir));
        Assert.False(Directory.Exists(noData));
    }

    private static void AssertOneLine(SecaggResult run, string line)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; stdout: {run.Output}; stderr: {run.Error}");
        Assert.Equal(line, run.Error);
        Assert.DoesNotContain('\n', run.Error);
    }

    private static SubjectSelection Selection(string name) => Enum.Parse<SubjectSelection>(name, ignoreCase: true);

    private static string[][] Rows(string csv) => [.. File.ReadLines(csv).Skip(1).Select(l => l.Split(','))];

    private static Standardizer AStandardizer() =>
        new(Enumerable.Repeat(0.1, FeatureExtractor.FeatureCount).ToArray(), Enumerable.Repeat(0.5, FeatureExtractor.FeatureCount).ToArray());

    /// <summary>An untrained 344-4-6 model (its predictions differ between windows, which is all these specs need).</summary>
    private string WriteModel(Standardizer? standardizer)
    {
        var path = _folder.File("model.json");
        ModelFile.Of("secure", MlpModel.Create(new MlpShape(FeatureExtractor.FeatureCount, [4], Activities.BasicCount), seed: 2), standardizer, false,
            new ModelEvaluation([2, 4], 60, 0.5, 0.4)).Save(path);
        return path;
    }
}
