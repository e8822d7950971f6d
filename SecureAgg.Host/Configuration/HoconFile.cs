using Akka.Configuration;

namespace SecureAgg.Host.Configuration;

/// <summary>
/// Reads HOCON files for every command that takes --config, with errors that name the file (and the line when it is
/// known): the text is checked against <see cref="HoconLimits"/> before Akka's parser sees it, and the command's block
/// must be there (an empty file or one with another command's block would otherwise run on the built-in defaults).
/// </summary>
public static class HoconFile
{
    /// <summary>The file, which must hold the command's <paramref name="block"/>; <paramref name="hint"/> may say where its keys are instead.</summary>
    public static Config Load(string path, string block, Func<Config, string?>? hint = null)
    {
        var file = Load(path);
        if (!file.HasPath(block))
            throw new ArgumentException($"Config file '{path}' has no {block} block{(hint?.Invoke(file) is { } text ? $" ({text})" : "")}.");
        return file;
    }

    public static Config Load(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"Config file '{path}' does not exist.");
        string text;
        try
        {
            var size = new FileInfo(path).Length;
            if (size > HoconLimits.MaxFileBytes)
                throw new ArgumentException($"Config file '{path}' is {size:N0} bytes; a config file may have at most {HoconLimits.MaxFileBytes:N0} (1 MiB).");
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Config file '{path}' cannot be read: {error.Message}");
        }
        try
        {
            HoconTextCheck.Check(text);
        }
        catch (HoconTextException error)
        {
            throw new ArgumentException($"Config file '{path}', line {error.Line}: {error.Problem}.");
        }
        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(text);
        }
        catch (Exception error) when (error is not ArgumentException)
        {
            throw new ArgumentException($"Config file '{path}' is not valid HOCON: {error.Message}");
        }
        try
        {
            HoconExpansion.Check(config.Root);
        }
        catch (FormatException error)
        {
            throw new ArgumentException($"Config file '{path}' {error.Message}.");
        }
        return config;
    }
}
