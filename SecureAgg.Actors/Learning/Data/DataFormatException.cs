namespace SecureAgg.Learning.Data;

/// <summary>
/// A data file that does not have the expected format. The message names the file and, when the problem is on one line,
/// its 1-based line number, so a broken download or a hand-edited file can be found without a debugger.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string filePath, int? lineNumber, string problem)
        : base(lineNumber is { } line ? $"{filePath}, line {line}: {problem}" : $"{filePath}: {problem}")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    public string FilePath { get; }

    /// <summary>1-based; null when the problem concerns the whole file (e.g. it is missing or its row count is wrong).</summary>
    public int? LineNumber { get; }

    public string Problem { get; }
}
