using Akka.Configuration;

namespace SecureAgg.Host.Configuration;

/// <summary>Reads HOCON files with errors that name the file, for every command that takes --config.</summary>
public static class HoconFile
{
    public static Config Load(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"Config file '{path}' does not exist.");
        try
        {
            return ConfigurationFactory.ParseString(File.ReadAllText(path));
        }
        catch (Exception error) when (error is not ArgumentException)
        {
            throw new ArgumentException($"Config file '{path}' is not valid HOCON: {error.Message}");
        }
    }

    /// <summary>A duration written as in HOCON: 500ms, 5s, 2m.</summary>
    public static TimeSpan ParseDuration(string text, string what)
    {
        try
        {
            var value = ConfigurationFactory.ParseString($"d = {text}").GetTimeSpan("d");
            return value > TimeSpan.Zero ? value : throw new ArgumentException($"{what} must be positive, got '{text}'.");
        }
        catch (Exception error) when (error is not ArgumentException)
        {
            throw new ArgumentException($"{what} '{text}' is not a duration such as 500ms, 5s or 2m.");
        }
    }
}
