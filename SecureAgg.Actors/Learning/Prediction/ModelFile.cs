using System.Text.Json;
using System.Text.Json.Serialization;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Model;

namespace SecureAgg.Learning.Prediction;

/// <summary>
/// model.json: everything needed to apply a trained activity model to new recordings, and nothing that training
/// alone needs (no optimiser state, no weight decay). Format <see cref="FormatName"/>, <see cref="CurrentVersion"/>:
/// the windows (<see cref="ModelWindows"/>), the feature extractor (<see cref="ModelFeatures"/>), the
/// standardisation (<see cref="ModelStandardization"/>), the network with its parameters (<see cref="ModelNetwork"/>)
/// and what it scored on the held-out test subjects (<see cref="ModelEvaluation"/>). System.Text.Json with snake_case
/// names; doubles are written in their shortest round-trip form, so a loaded model has exactly the trained
/// parameters. <see cref="Load"/> refuses, with one line naming the file (<see cref="ModelFileException"/>), a file
/// that is missing, not JSON, of another format or version, or whose parts do not fit together or this program.
/// </summary>
public sealed record ModelFile(string Format, int Version, string Aggregation, ModelEvaluation Evaluation, ModelWindows Windows, ModelFeatures Features,
    ModelStandardization Standardization, ModelNetwork Network)
{
    public const string FormatName = "secagg-activity-model";
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// The file of a trained model. <paramref name="standardizer"/> is the global one its inputs were scaled with,
    /// or null when every device standardised its own windows.
    /// </summary>
    public static ModelFile Of(string aggregation, MlpModel model, Standardizer? standardizer, bool includeTransitions, ModelEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = new ModelFile(FormatName, CurrentVersion, aggregation, evaluation, ModelWindows.Current(includeTransitions), ModelFeatures.Current(),
            standardizer is null ? ModelStandardization.PerDevice() : ModelStandardization.Global(standardizer), ModelNetwork.Of(model));
        if (file.Problem() is { } problem)
            throw new ArgumentException($"The trained model cannot be written as a model file: {problem}.");
        return file;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <summary>Reads and checks a model file; every problem is a <see cref="ModelFileException"/> of one line.</summary>
    public static ModelFile Load(string path)
    {
        if (!File.Exists(path))
            throw new ModelFileException(path, Directory.Exists(path) ? "is a folder, not a model file" : "does not exist");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"cannot be read: {OneLine(error.Message)}");
        }
        return Parse(text, path);
    }

    /// <summary>Checks and reads the text of a model file; <paramref name="source"/> names it in errors.</summary>
    public static ModelFile Parse(string text, string source)
    {
        CheckFormat(text, source);
        ModelFile? model;
        try
        {
            model = JsonSerializer.Deserialize<ModelFile>(text, Json);
        }
        catch (JsonException error)
        {
            throw new ModelFileException(source, $"is not a valid model file: {OneLine(error.Message)}");
        }
        if (model?.Problem() is { } problem)
            throw new ModelFileException(source, problem);
        return model!;
    }

    /// <summary>The model ready to label windows.</summary>
    public ActivityClassifier ToClassifier() =>
        new(Network.ToModel(), Standardization.ToStandardizer(), Standardization.Epsilon);

    // The format and version first, so that a file of another version is named as such, not as a wrong shape.
    private static void CheckFormat(string text, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException error)
        {
            throw new ModelFileException(source, $"is not JSON: {OneLine(error.Message)}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
                throw new ModelFileException(source, $"is not a secagg model file: it has no \"format\": \"{FormatName}\" (a model.json of an older secagg? train again)");
            if (format.GetString() != FormatName)
                throw new ModelFileException(source, $"is not a secagg model file: its format is '{format.GetString()}', not '{FormatName}'");
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number))
                throw new ModelFileException(source, $"has no format version (\"version\": {CurrentVersion})");
            if (number != CurrentVersion)
                throw new ModelFileException(source, $"has format version {number}; this program reads version {CurrentVersion}");
        }
    }

    private string? Problem() =>
        Windows.Problem()
        ?? Features.Problem()
        ?? Network.Problem(Features.Count, Windows.Classes)
        ?? Standardization.Problem(Features.Count)
        ?? Evaluation.Problem();

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
