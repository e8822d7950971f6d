using System.Text.Json.Nodes;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Prediction;
using SecureAgg.Learning.Training;
using SecureAgg.Tests.Learning.Data;

namespace SecureAgg.Tests.Learning.Prediction;

/// <summary>
/// model.json holds everything prediction needs: a model trained on generated recordings, written and loaded
/// again, labels the test subjects' windows exactly as the trained model did (global and per-device
/// standardisation); a file that is missing, not JSON, of another format or version, or whose parts do not fit is
/// refused with one line naming the file and the problem.
/// </summary>
public sealed class ModelFileSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly TrainingSettings Plaintext = new(TrainingMode.FedAvg, Rounds: 3, Hidden: [16], Seed: 3);

    [Theory]
    [InlineData(StandardizationMode.Global)]
    [InlineData(StandardizationMode.PerClient)]
    public async Task A_loaded_model_labels_the_test_windows_exactly_as_the_trained_one(StandardizationMode standardization)
    {
        SyntheticRecordings.Write(_folder);
        var location = DataLocation.Resolve(_folder.Path);
        var trained = ActivityDataBuilder.Build(location, new DataPreparation(Standardization: standardization), _ => { });
        var run = await new FederatedTrainer(Plaintext, trained).RunAsync();
        var path = _folder.File("model.json");

        ModelFile.Of("plaintext", run.Model, trained.Standardizer, includeTransitions: false,
            new ModelEvaluation([2, 4], trained.TestLabels.Length, run.Final.Accuracy, run.Final.MacroF1)).Save(path);
        var loaded = ModelFile.Load(path);
        var input = PredictionInput.Load(location, loaded, SubjectSelection.Test);
        var predicted = loaded.ToClassifier().Predict(ActivityClassifier.Features(input.Windows), [.. input.Windows.Select(w => w.Subject)]);

        Assert.Equal(standardization == StandardizationMode.PerClient, loaded.Standardization.IsPerDevice);
        Assert.Equal(run.Model.ToVector(), loaded.Network.Parameters);
        Assert.Equal(trained.TestLabels, input.Windows.Select(w => w.Activity - 1));
        Assert.Equal(run.Model.Predict(trained.TestFeatures), predicted);
        Assert.Equal(run.Final.Accuracy, Metrics.Accuracy(trained.TestLabels, predicted));
        Assert.True(run.Final.Accuracy > 0.5, $"the generated activities are learnable; accuracy {run.Final.Accuracy}");
    }

    [Fact]
    public void The_file_says_what_windows_features_standardiser_and_network_prediction_needs()
    {
        var file = JsonNode.Parse(Valid().ToJson())!;

        Assert.Equal(["format", "version", "aggregation", "evaluation", "windows", "features", "standardization", "network"], file.AsObject().Select(p => p.Key));
        Assert.Equal(["sample_rate_hz", "length", "step", "channels", "include_transitions"], file["windows"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["mode", "rule", "epsilon", "mean", "scale"], file["standardization"]!.AsObject().Select(p => p.Key));
        Assert.Equal("secagg-activity-model", (string?)file["format"]);
        Assert.Equal(1, (int?)file["version"]);
        Assert.Equal(50.0, (double?)file["windows"]!["sample_rate_hz"]);
        Assert.Equal(128, (int?)file["windows"]!["length"]);
        Assert.Equal(64, (int?)file["windows"]!["step"]);
        Assert.False((bool?)file["windows"]!["include_transitions"]);
        Assert.Equal(FeatureExtractor.FeatureNames, file["features"]!["names"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("global", (string?)file["standardization"]!["mode"]);
        Assert.Equal(344, file["standardization"]!["scale"]!.AsArray().Count);
        Assert.Equal([4], file["network"]!["hidden"]!.AsArray().Select(n => (int)n!));
        Assert.Equal("relu", (string?)file["network"]!["hidden_activation"]);
        Assert.Equal(344 * 4 + 4 + 4 * 6 + 6, file["network"]!["parameters"]!.AsArray().Count);
        Assert.Equal([2, 4], file["evaluation"]!["test_subjects"]!.AsArray().Select(n => (int)n!));
        Assert.Null(file["weight_decay"]);
    }

    [Fact]
    public void A_missing_file_is_one_line()
    {
        var path = _folder.File("none.json");

        Assert.Equal($"model file {path} does not exist", Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message);
    }

    [Fact]
    public void A_file_that_is_not_json_is_one_line()
    {
        var path = _folder.Write("model.json", "{ \"format\": secagg");

        var message = Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message;

        Assert.StartsWith($"model file {path} is not JSON: ", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void The_model_json_of_an_older_secagg_is_named_as_such()
    {
        var path = _folder.Write("model.json", "{\"aggregation\":\"secure\",\"input\":344,\"parameters\":[0.5]}");

        Assert.Equal($"model file {path} is not a secagg model file: it has no \"format\": \"secagg-activity-model\" (a model.json of an older secagg? train again)",
            Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message);
    }

    public static TheoryData<string, Action<JsonNode>, string> Broken => new()
    {
        { "another version", f => f["version"] = 2, " has format version 2; this program reads version 1" },
        { "a parameter short", f => f["network"]!["parameters"]!.AsArray().RemoveAt(0),
            ": network.parameters has 1409 values, but an MLP 344-4-6 has 1410 parameters" },
        { "another parameter count", f => f["network"]!["parameter_count"] = 99, ": network.parameter_count is 99, but an MLP 344-4-6 has 1410 parameters" },
        { "a mean short", f => f["standardization"]!["mean"]!.AsArray().RemoveAt(343),
            ": standardization.mean has 343 and standardization.scale 344 values, but there are 344 features" },
        { "a zero scale", f => f["standardization"]!["scale"]![5] = 0.0, ": standardization.scale[5] must be positive, got 0" },
        { "no mean", f => f["standardization"]!.AsObject().Remove("mean"), ": global standardization needs standardization.mean and standardization.scale" },
        { "a renamed feature", f => f["features"]!["names"]![0] = "tBodyAcc-mean-W",
            ": feature 0 is 'tBodyAcc-mean-W', this program's extractor makes 'tBodyAcc-mean-X' there" },
        { "a feature short", f => f["features"]!["names"]!.AsArray().RemoveAt(100), ": features.names has 343 names for 344 features" },
        { "other windows", f => f["windows"]!["length"] = 256, ": windows of 256 samples every 64, but this program cuts 128 samples every 64" },
        { "transitions without their classes", f => f["windows"]!["include_transitions"] = true,
            ": network.classes must be the 12 activities [WALKING, WALKING_UPSTAIRS, WALKING_DOWNSTAIRS, SITTING, STANDING, LAYING, STAND_TO_SIT, SIT_TO_STAND, " +
            "SIT_TO_LIE, LIE_TO_SIT, STAND_TO_LIE, LIE_TO_STAND], got [WALKING, WALKING_UPSTAIRS, WALKING_DOWNSTAIRS, SITTING, STANDING, LAYING]" },
        { "another input width", f => f["network"]!["input"] = 561, ": network.input is 561, but there are 344 features" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_file_whose_parts_do_not_fit_is_one_line_naming_the_part(string label, Action<JsonNode> breakIt, string problem)
    {
        var file = JsonNode.Parse(Valid().ToJson())!;
        breakIt(file);
        var path = _folder.Write("model.json", file.ToJsonString());

        Assert.True(Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message == $"model file {path}{problem}", label);
    }

    [Fact]
    public void A_file_without_a_part_is_one_line_naming_it()
    {
        var file = JsonNode.Parse(Valid().ToJson())!;
        file.AsObject().Remove("network");
        var path = _folder.Write("model.json", file.ToJsonString());

        var message = Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message;

        Assert.StartsWith($"model file {path} is not a valid model file: ", message);
        Assert.Contains("'network'", message);
    }

    /// <summary>A valid file: an untrained 344-4-6 MLP with a global standardiser.</summary>
    public static ModelFile Valid() =>
        ModelFile.Of("secure", MlpModel.Create(new MlpShape(FeatureExtractor.FeatureCount, [4], Activities.BasicCount), seed: 1),
            new Standardizer(Enumerable.Range(0, FeatureExtractor.FeatureCount).Select(i => i * 0.01).ToArray(), Enumerable.Repeat(2.0, FeatureExtractor.FeatureCount).ToArray()),
            includeTransitions: false, new ModelEvaluation([2, 4], 60, 0.75, 0.7));
}
