using Akka.Actor;
using SecureAgg.Host.Train;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Prediction;
using SecureAgg.Learning.Training;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Host;

/// <summary>
/// <c>secagg train</c>'s results writer: each finished round's progress line and metrics.csv row (the bytes the
/// hand-written file had), on disk as soon as the round is acknowledged; at the end confusion.csv, model.json and
/// accuracy.png, answered with the files or why they could not all be written.
/// </summary>
public sealed class TrainResultsWriterSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING"), "train-results-writer-specs", output)
{
    private const string MetricsHeader = "aggregation,round,train_loss,test_accuracy,macro_f1,selected,survivors,dropped,skipped,skip_reason,secure_aggregation_ms,training_ms";

    // The rows Applied and Skipped as the hand-written file had them: F5/F4/F1 decimals, yes/no, RFC 4180 quoting, LF.
    private const string TwoRows =
        MetricsHeader + "\n" +
        "secure,1,0.12346,0.9000,0.8500,21,19,2,no,,1234.6,567.9\n" +
        "secure,2,1.00000,0.1667,0.0476,21,2,19,yes,\"aborted after MaskedInputCollection: \"\"2 survivors\"\", below the threshold t = 14\",0.0,12.0\n";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TrainingSettings Secure = new(TrainingMode.Secure, Rounds: 2);

    private static readonly TrainingRoundMetrics Applied = new(1, 0.123456, 0.9, 0.85, 21, 19, 2, false, null, 1234.56, 567.89);

    private static readonly TrainingRoundMetrics Skipped =
        new(2, 1.0, 1 / 6.0, 1 / 21.0, 21, 2, 19, true, "aborted after MaskedInputCollection: \"2 survivors\", below the threshold t = 14", 0, 12);

    private static readonly Standardizer Standardizer =
        new(Enumerable.Range(0, FeatureExtractor.FeatureCount).Select(i => i / 10.0).ToArray(), Enumerable.Repeat(3.0, FeatureExtractor.FeatureCount).ToArray());

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "secagg-train-results-" + Guid.NewGuid().ToString("N"));
    private readonly StringWriter _lines = new();

    private IActorRef Writer()
    {
        Directory.CreateDirectory(_folder);
        return Sys.ActorOf(TrainResultsWriter.Props(_folder, _lines));
    }

    private string Text(string file) => File.ReadAllText(Path.Combine(_folder, file));

    private static TrainingRun Run(params TrainingRoundMetrics[] rounds)
    {
        var confusion = new int[6, 6];
        for (var t = 0; t < 6; t++)
            for (var p = 0; p < 6; p++)
                confusion[t, p] = t == p ? 400 + t : t * 10 + p;
        return new TrainingRun(Secure, rounds, MlpModel.Create(new MlpShape(FeatureExtractor.FeatureCount, [4], 6), seed: 1), new ClassificationReport(0.9, 0.85, confusion),
            TimeSpan.FromSeconds(3));
    }

    /// <summary>Tells the writer the run's start and rounds, waiting for each round's acknowledgement.</summary>
    private void Rounds(IActorRef writer, params TrainingRoundMetrics[] rounds)
    {
        writer.Tell(new TrainRunStarted(Secure));
        foreach (var round in rounds)
        {
            writer.Tell(new TrainRoundFinished(TrainingMode.Secure, Secure.Rounds, round));
            Assert.Equal(round.Round, ExpectMsg<TrainRoundWritten>(Patience).Round);
        }
    }

    private TrainResultsWritten WriteAll(IActorRef writer, TrainingRun run)
    {
        writer.Tell(new WriteTrainResults([run], new DataPreparation(), Standardizer, [9, 2, 4]));
        return ExpectMsg<TrainResultsWritten>(Patience);
    }

    [Fact]
    public void Metrics_rows_have_the_columns_decimals_and_quoting_of_the_hand_written_file()
    {
        Rounds(Writer(), Applied, Skipped);

        Assert.Equal(TwoRows, Text("metrics.csv"));
    }

    [Fact]
    public void The_server_nodes_whole_run_metrics_have_the_same_bytes()
    {
        Directory.CreateDirectory(_folder);

        TrainOutput.WriteMetrics(Path.Combine(_folder, "metrics.csv"), [Run(Applied, Skipped)]);

        Assert.Equal(TwoRows, Text("metrics.csv"));
    }

    [Fact]
    public void A_round_is_on_disk_once_acknowledged_before_the_final_write()
    {
        var writer = Writer();

        Rounds(writer, Applied);

        Assert.Equal(new[] { MetricsHeader, "secure,1,0.12346,0.9000,0.8500,21,19,2,no,,1234.6,567.9", "" }, Text("metrics.csv").Split('\n'));
        Assert.False(File.Exists(Path.Combine(_folder, "model.json")));
    }

    [Fact]
    public void Progress_lines_open_each_run_and_tell_each_round()
    {
        Rounds(Writer(), Applied, Skipped);

        Assert.Equal(
            "== secure: 2 rounds, hidden 128,64, server FedAvg, seed 1\n" +
            "secure round 1/2: loss 0.123 accuracy 0.900 f1 0.850 survivors 19/21 train 568 ms secagg 1235 ms\n" +
            "secure round 2/2: loss 1.000 accuracy 0.167 f1 0.048 survivors 2/21 SKIPPED (aborted after MaskedInputCollection: \"2 survivors\", below the threshold t = 14) train 12 ms secagg 0 ms\n",
            _lines.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_final_write_adds_the_confusion_matrix_model_and_plot_and_names_every_file()
    {
        var writer = Writer();
        Rounds(writer, Applied);

        var written = WriteAll(writer, Run(Applied));

        Assert.Null(written.Error);
        Assert.Equal(["metrics.csv", "accuracy.png", "confusion.csv", "model.json"], written.Files.Select(Path.GetFileName));
        Assert.Equal(
            "true\\predicted,WALKING,WALKING_UPSTAIRS,WALKING_DOWNSTAIRS,SITTING,STANDING,LAYING\n" +
            "WALKING,400,1,2,3,4,5\n" +
            "WALKING_UPSTAIRS,10,401,12,13,14,15\n" +
            "WALKING_DOWNSTAIRS,20,21,402,23,24,25\n" +
            "SITTING,30,31,32,403,34,35\n" +
            "STANDING,40,41,42,43,404,45\n" +
            "LAYING,50,51,52,53,54,405\n",
            Text("confusion.csv"));
        var model = ModelFile.Load(Path.Combine(_folder, "model.json"));
        Assert.Equal("secure", model.Aggregation);
        Assert.Equal(Run(Applied).Model.ToVector(), model.Network.Parameters);
        Assert.Equal(Standardizer.Mean, model.Standardization.Mean);
        Assert.Equal(Standardizer.Scale, model.Standardization.Scale);
        // The test subjects in order; the test windows are the confusion matrix's total.
        Assert.Equal([2, 4, 9], model.Evaluation.TestSubjects);
        Assert.Equal(3240, model.Evaluation.TestWindows);
        Assert.Equal((0.9, 0.85), (model.Evaluation.Accuracy, model.Evaluation.MacroF1));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(_folder, "accuracy.png"))[..4]);
        Assert.Equal(2, Text("metrics.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_result_file_that_cannot_be_written_fails_the_final_write()
    {
        var writer = Writer();
        // model.json's path is taken by a folder: the model cannot be written there.
        Directory.CreateDirectory(Path.Combine(_folder, "model.json"));

        var written = WriteAll(writer, Run(Applied));

        Assert.StartsWith("cannot write ", written.Error);
        Assert.Contains("model.json", written.Error);
    }

    [Fact]
    public void A_writer_that_crashed_still_answers_and_fails_the_run_keeping_the_rows_before()
    {
        var writer = Writer();
        Rounds(writer, Applied);

        // A round without metrics crashes the writer (restarted by its parent).
        EventFilter.Exception<NullReferenceException>().ExpectOne(() => writer.Tell(new TrainRoundFinished(TrainingMode.Secure, 2, null!)));
        var written = WriteAll(writer, Run(Applied));

        Assert.StartsWith("the results writer failed: ", written.Error);
        Assert.Equal(new[] { MetricsHeader, "secure,1,0.12346,0.9000,0.8500,21,19,2,no,,1234.6,567.9", "" }, Text("metrics.csv").Split('\n'));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
