using Microsoft.Extensions.Logging;

namespace SecureAgg.Host.Composition;

/// <summary>The program's one console log format (<see cref="NodeConsoleFormatter"/>), at the level a command asked for.</summary>
public static class NodeLogging
{
    public static ILoggingBuilder AddNodeConsole(this ILoggingBuilder logging, string node, string level)
    {
        var minimum = level.ToUpperInvariant() switch
        {
            "DEBUG" => LogLevel.Debug,
            "INFO" => LogLevel.Information,
            "ERROR" => LogLevel.Error,
            _ => LogLevel.Warning,
        };
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
