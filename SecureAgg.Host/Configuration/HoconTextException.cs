namespace SecureAgg.Host.Configuration;

/// <summary>A HOCON text refused before parsing, with the 1-based line of the problem (<see cref="HoconFile"/> adds the file).</summary>
public sealed class HoconTextException(int line, string problem) : FormatException($"line {line}: {problem}")
{
    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
