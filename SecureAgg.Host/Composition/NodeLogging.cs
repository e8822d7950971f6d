using Microsoft.Extensions.Logging;

namespace SecureAgg.Host.Composition;

/// <summary>The program's one console log format (<see cref="NodeConsoleFormatter"/>), at the level a command asked for.</summary>
public static class NodeLogging
{
    /// <summary>A command's log level name (DEBUG, INFO, WARNING, ERROR) as the minimum level; the one place it is read.</summary>
    public static LogLevel MinimumLevel(string level) => level.ToUpperInvariant() switch
    {
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "ERROR" => LogLevel.Error,
        _ => LogLevel.Warning,
    };

    /// <summary>The level names a node's log-level accepts.</summary>
    public static void CheckLevelName(string level)
    {
        if (level is not ("DEBUG" or "INFO" or "WARNING" or "ERROR"))
            throw new ArgumentException($"log-level must be DEBUG, INFO, WARNING or ERROR, got '{level}'.");
    }

    public static ILoggingBuilder AddNodeConsole(this ILoggingBuilder logging, string node, string level)
    {
        var minimum = MinimumLevel(level);
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        // The host's own lifetime chatter ("Application started") is not the node's news.
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        logging.AddConsole(console => console.FormatterName = NodeConsoleFormatter.Name);
        logging.AddConsoleFormatter<NodeConsoleFormatter, NodeConsoleFormatterOptions>(options =>
        {
            options.Node = node;
            options.IncludeStackTraces = minimum <= LogLevel.Debug;
        });
        return logging;
    }
}
