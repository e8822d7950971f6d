using System.Diagnostics;

namespace SecureAgg.Host.Output;

/// <summary>
/// Progress lines stamped with the seconds since the command started, <c>[   12.3 s] …</c>. Thread-safe: the host
/// and its results-writer actor print through the same log.
/// </summary>
public sealed class ProgressLog(TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TextWriter _output = TextWriter.Synchronized(output);

    public void Say(string line) => _output.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:F1} s] {line}");
}
