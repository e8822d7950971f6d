using System.Globalization;
using System.Text.Json;
using SecureAgg.Actors.InProcess;
using SecureAgg.Host.Output;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Simulate;

/// <summary>summary.json: settings and totals per experiment (metrics.csv rows are <see cref="SimulationMetricsRow"/>).</summary>
public static class SimulationOutput
{
    public static void WriteSummary(string path, SimulationConfig settings, JournalTarget journal,
        IReadOnlyList<(double? SweepValue, SimulationRoundResult Result)> results, TimeSpan elapsed)
    {
        var experiments = results.GroupBy(r => r.SweepValue).Select(group => new
        {
            dropout = group.Key,
            rounds = group.Count(),
            completed = group.Count(r => r.Result.Report.Completed),
            aborted = group.Count(r => !r.Result.Report.Completed),
            verified = group.Count(r => r.Result.Verified),
            mean_round_ms = group.Average(r => r.Result.Report.Elapsed.TotalMilliseconds),
            // Over the completed rounds only: an aborted round's U3 fell below t, a different outcome (null when none completed).
            mean_survivors_u3 = group.Where(r => r.Result.Report.Completed && r.Result.Report.Survivors.Count > 2)
                .Select(r => (double?)r.Result.Report.Survivors[2].Length).Average(),
            abort_reasons = group.Where(r => r.Result.Report.AbortReason is not null).Select(r => r.Result.Report.AbortReason!.Message).Distinct().ToArray(),
        }).ToArray();
        var summary = new
        {
            settings = new
            {
                clients = settings.Clients, rounds = settings.Rounds, length = settings.Length, bits = settings.Bits,
                protocol = settings.SparseGraph ? "secagg+" : "secagg", mode = settings.Mode == SecurityMode.Active ? "active" : "semi-honest",
                threshold = settings.Parameters(0).Threshold, round_timeout_ms = settings.RoundTimeout.TotalMilliseconds, seed = settings.Seed,
                journal = journal.ToString(), dropouts = settings.Dropouts.ToString(), sweep = settings.Sweep,
            },
            total_rounds = results.Count,
            completed = results.Count(r => r.Result.Report.Completed),
            aborted = results.Count(r => !r.Result.Report.Completed),
            verified = results.Count(r => r.Result.Verified),
            elapsed_s = elapsed.TotalSeconds,
            experiments,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
    }
}
