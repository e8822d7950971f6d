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
        if (!current.IncludeStackTraces)
            message = WithoutStackTraces(message);
        var line = $"{DateTime.Now:HH:mm:ss.fff} {current.Node} {Level(logEntry.LogLevel)} {message}";
        if (logEntry.Exception is { } error)
            line += current.IncludeStackTraces ? Environment.NewLine + error : $" ({error.GetType().Name}: {error.Message})";
        textWriter.WriteLine(line);
    }

    /// <summary>
    /// The message without the stack frames some of Akka's messages carry in their text (an exception's ToString()
    /// inside "Reason is: [...]" or after "Cause:"), so that one event stays one line below debug level.
    /// </summary>
    public static string WithoutStackTraces(string message)
    {
        if (!message.Contains('\n'))
            return message;
        var kept = message.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => !IsStackFrame(line.TrimStart()) && line.Trim().Length > 0);
        return string.Join(" ", kept.Select(line => line.Trim()));
    }

    private static bool IsStackFrame(string line) =>
        StackFrame.IsMatch(line) || line.StartsWith("--- End of", StringComparison.Ordinal);

    // "at Namespace.Type.Method(Arguments)", optionally " in file:line N": not "at least …" in a sentence.
    private static readonly System.Text.RegularExpressions.Regex StackFrame = new(@"^at \S+\(.*\)", System.Text.RegularExpressions.RegexOptions.None);

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
