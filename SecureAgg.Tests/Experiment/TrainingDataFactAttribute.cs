using SecureAgg.Learning.Data;
using SecureAgg.Tests.Learning.Data;

namespace SecureAgg.Tests.Experiment;

/// <summary>
/// A test on the real data that honours SECAGG_DATA, as the CI sets it: when the variable is set, its folder (taken
/// from the current folder, then from the repository root, as the CI's relative <c>../shared/data/uci-hapt</c> is
/// meant) must hold data, and a test that finds none there fails with <see cref="Problem"/> rather than being skipped.
/// Without the variable it looks for <c>shared/data/uci-hapt</c> above the test folder
/// (<see cref="RealHaptDataFactAttribute"/>) and is skipped, with that reason, when the data is not on this machine.
/// </summary>
public sealed class TrainingDataFactAttribute : FactAttribute
{
    public TrainingDataFactAttribute()
    {
        if (Folder is null && Problem is null)
            Skip = "the real HAPT data is not here: SECAGG_DATA is not set and no ancestor of the test folder contains shared/data/uci-hapt/RawData/labels.txt";
    }

    public static string? Folder => Found.Folder;

    /// <summary>SECAGG_DATA is set but names no data: the test must fail, saying so.</summary>
    public static string? Problem => Found.Problem;

    /// <summary>The data folder, or the test's failure when SECAGG_DATA names none.</summary>
    public static string Require() => Folder ?? throw new InvalidOperationException(Problem);

    private static readonly (string? Folder, string? Problem) Found = Find();

    private static (string? Folder, string? Problem) Find()
    {
        var variable = Environment.GetEnvironmentVariable(DataLocation.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(variable))
            return (RealHaptDataFactAttribute.Folder, null);
        var candidates = new[] { Directory.GetCurrentDirectory(), RepositoryRoot() }.OfType<string>()
            .Select(root => Path.GetFullPath(variable, root)).Distinct().ToArray();
        var folder = candidates.FirstOrDefault(c => DataLocation.DetectLayout(c) is not null);
        return folder is not null
            ? (folder, null)
            : (null, $"{DataLocation.EnvironmentVariable}={variable} is set, but no data is at {string.Join(" or ", candidates)}");
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureAgg.sln")))
                return dir.FullName;
        }
        return null;
    }
}
