using SecureAgg.Actors;
using SecureAgg.Actors.InProcess;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Simulate;

/// <summary>Live progress on a terminal (one line rewritten per closed phase), plain log lines otherwise.</summary>
public sealed class ProgressDisplay(TextWriter output, bool live)
{
    private readonly Lock _gate = new();

    /// <summary>True when it printed (only on a terminal).</summary>
    public bool PhaseClosed(string label, int round, int rounds, RoundClosedNotice notice, TimeSpan elapsed)
    {
        if (!live)
            return false;
        lock (_gate)
            output.Write($"\r{label}round {round}/{rounds} · {notice.Phase} closed: {notice.Survivors}/{notice.Expected} answered{(notice.ByDeadline ? " (deadline)" : "")} · {elapsed.TotalSeconds:F1} s   ");
        return true;
    }

    /// <summary>A round that has been quiet for a while: the last phase that closed, so a long one is not taken for hung.</summary>
    public void StillRunning(string label, int round, int rounds, ServerPhase? lastClosed, TimeSpan elapsed)
    {
        var text = $"{label}round {round}/{rounds} · {(lastClosed is { } phase ? $"{phase} closed" : "no phase closed yet")}, still running · {elapsed.TotalSeconds:F1} s";
        lock (_gate)
        {
            if (live)
                output.Write($"\r{text}   ");
            else
                output.WriteLine(text);
        }
    }

    public void RoundFinished(string label, int round, int rounds, SimulationRoundResult result, TimeSpan elapsed)
    {
        var report = result.Report;
        var survivors = string.Join("/", report.Survivors.Select(u => u.Length));
        var detail = report.Completed ? $"survivors {survivors}, verified={(result.Verified ? "yes" : "NO")}" : $"aborted: {report.AbortReason!.Message.TrimEnd('.')}";
        if (report.ServerRecovered)
            detail += ", server recovered from its journal";
        lock (_gate)
        {
            if (live)
                output.Write("\r");
            output.WriteLine($"{label}round {round}/{rounds}: {result.Outcome} in {report.Elapsed.TotalMilliseconds:F0} ms, {detail}, " +
                             $"{report.Ignored.Count} late/duplicate ignored · {elapsed.TotalSeconds:F1} s");
        }
    }
}
