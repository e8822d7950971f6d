namespace SecureAgg.Host.Output;

/// <summary>
/// Prints <paramref name="status"/> through a <see cref="ProgressLog"/> every period while a long computation runs
/// (none for a run shorter than one period), so a big run is never silent. Disposing waits for a line being printed.
/// </summary>
public sealed class ProgressTicker(ProgressLog log, Func<string> status, TimeSpan period) : IDisposable
{
    private readonly Timer _timer = new(_ => log.Say(status()), null, period, period);

    public void Dispose()
    {
        using var stopped = new ManualResetEvent(false);
        if (_timer.Dispose(stopped))
            stopped.WaitOne();
    }
}
