namespace SecureAgg.Learning.Data;

/// <summary>
/// The data folder: <c>--data DIR</c> if given, else the SECAGG_DATA environment variable, else <c>data/uci-hapt/</c>
/// under the current directory. The first source that is set wins even if its folder is missing (a typo in --data
/// should not silently fall back to other data); <see cref="Layout"/> is null when the folder holds no data yet. Only
/// the default folder is downloaded into (<see cref="RequireDataUnlessDefault"/>).
/// </summary>
/// <param name="Directory">Absolute path.</param>
public sealed record DataLocation(string Directory, DataSource Source, DataLayout? Layout)
{
    public const string Argument = "--data";
    public const string EnvironmentVariable = "SECAGG_DATA";
    public const string DefaultRelativePath = "data/uci-hapt";

    /// <summary>True when the folder holds the HAPT or the UCI HAR layout.</summary>
    public bool Exists => Layout is not null;

    /// <summary>
    /// Resolves from command-line arguments (<c>--data DIR</c> or <c>--data=DIR</c>; the last one wins).
    /// <paramref name="environment"/> and <paramref name="currentDirectory"/> default to the process's own.
    /// </summary>
    public static DataLocation FromArgs(IReadOnlyList<string> args, Func<string, string?>? environment = null, string? currentDirectory = null)
    {
        string? explicitDirectory = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == Argument)
            {
                if (i + 1 >= args.Count || string.IsNullOrWhiteSpace(args[i + 1]) || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new ArgumentException($"{Argument} needs a folder: {Argument} DIR");
                explicitDirectory = args[++i];
            }
            else if (args[i].StartsWith(Argument + "=", StringComparison.Ordinal))
            {
                explicitDirectory = args[i][(Argument.Length + 1)..];
                if (string.IsNullOrWhiteSpace(explicitDirectory))
                    throw new ArgumentException($"{Argument} needs a folder: {Argument} DIR");
            }
        }
        return Resolve(explicitDirectory, environment, currentDirectory);
    }

    /// <summary>Resolves from an already-parsed <c>--data</c> value (null or blank when not given).</summary>
    public static DataLocation Resolve(string? explicitDirectory, Func<string, string?>? environment = null, string? currentDirectory = null)
    {
        var cwd = currentDirectory ?? System.IO.Directory.GetCurrentDirectory();
        var fromEnvironment = (environment ?? System.Environment.GetEnvironmentVariable)(EnvironmentVariable);
        var (path, source) =
            !string.IsNullOrWhiteSpace(explicitDirectory) ? (explicitDirectory, DataSource.Argument)
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? (fromEnvironment, DataSource.Environment)
            : (DefaultRelativePath, DataSource.Default);
        var full = Path.GetFullPath(path, cwd);
        return new DataLocation(full, source, DetectLayout(full));
    }

    /// <summary>
    /// A folder named by --data or SECAGG_DATA must hold data: a typo there must be one line, not a download into a new
    /// folder; only the default <c>data/uci-hapt/</c> is downloaded when missing.
    /// </summary>
    public void RequireDataUnlessDefault()
    {
        if (Exists || Source == DataSource.Default)
            return;
        var from = Source == DataSource.Argument ? Argument : EnvironmentVariable;
        if (!System.IO.Directory.Exists(Directory))
            throw new DirectoryNotFoundException($"data folder {Directory} does not exist ({from})");
        throw new DataFormatException(Directory, null,
            $"not a data folder ({from}): it has neither {HaptDataset.RawDataFolder}/{HaptDataset.LabelsFile} (HAPT) nor train/Inertial Signals (UCI HAR)");
    }

    /// <summary>HAPT if <c>RawData/labels.txt</c> exists, else UCI HAR if <c>train/Inertial Signals</c> exists, else null.</summary>
    public static DataLayout? DetectLayout(string directory) =>
        HaptDataset.IsHaptLayout(directory) ? DataLayout.Hapt
        : UciHarDataset.IsUciHarLayout(directory) ? DataLayout.UciHar
        : null;

    /// <summary>One log line, e.g. "data: /work/data/uci-hapt (from SECAGG_DATA), HAPT layout".</summary>
    public string Describe()
    {
        var from = Source switch
        {
            DataSource.Argument => Argument,
            DataSource.Environment => EnvironmentVariable,
            _ => "default " + DefaultRelativePath,
        };
        var layout = Layout switch
        {
            DataLayout.Hapt => "HAPT layout",
            DataLayout.UciHar => "UCI HAR layout",
            _ => "no data there",
        };
        return $"data: {Directory} (from {from}), {layout}";
    }
}
