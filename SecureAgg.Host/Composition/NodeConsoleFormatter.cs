using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace SecureAgg.Host.Composition;

/// <summary>Options of <see cref="NodeConsoleFormatter"/>: the node's name, printed on every line.</summary>
public sealed class NodeConsoleFormatterOptions : ConsoleFormatterOptions
{
    public string Node { get; set; } = "secagg";

    /// <summary>Stack traces are printed only when the minimum level is Debug or lower.</summary>
    public bool IncludeStackTraces { get; set; }
}

/// <summary>One console line per log entry: time, node, level, message; an exception's stack trace only at debug level.</summary>
public sealed class NodeConsoleFormatter(IOptionsMonitor<NodeConsoleFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "secagg-node";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
            return;
        var current = options.CurrentValue;
        var line = $"{DateTime.Now:HH:mm:ss.fff} {current.Node} {Level(logEntry.LogLevel)} {message}";
        if (logEntry.Exception is { } error)
            line += current.IncludeStackTraces ? Environment.NewLine + error : $" ({error.GetType().Name}: {error.Message})";
        textWriter.WriteLine(line);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "fatal",
        _ => "",
    };
}
