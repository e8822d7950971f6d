namespace SecureAgg.Learning.Prediction;

/// <summary>
/// A model file that cannot be used, in one line naming the file and the problem: "model file F does not exist",
/// "model file F is not JSON: …", "model file F: network.parameters has 10 values, but …".
/// </summary>
public sealed class ModelFileException(string path, string problem) : Exception($"model file {path}{Connect(problem)}")
{
    public string Path { get; } = path;

    // A problem of the file as a whole reads on from its name; a problem of a part follows a colon.
    private static string Connect(string problem) =>
        new[] { "is ", "has ", "does ", "cannot " }.Any(verb => problem.StartsWith(verb, StringComparison.Ordinal)) ? " " + problem : ": " + problem;
}
