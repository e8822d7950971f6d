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
}
