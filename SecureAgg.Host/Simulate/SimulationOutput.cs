using System.Globalization;
using System.Text.Json;
using SecureAgg.Actors.InProcess;
using SecureAgg.Host.Output;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Simulate;

/// <summary>metrics.csv (one row per aggregation round) and summary.json (settings and totals per experiment).</summary>
public static class SimulationOutput
{
    private static readonly ServerPhase[] Phases =
        [ServerPhase.AdvertiseKeys, ServerPhase.ShareKeys, ServerPhase.MaskedInputCollection, ServerPhase.ConsistencyCheck, ServerPhase.Unmasking];

    public static void WriteMetrics(string path, SimulationConfig settings, IReadOnlyList<(double? SweepValue, SimulationRoundResult Result)> results)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("experiment_dropout,round,session,clients,planned_dropouts,u1,u2,u3,u4,u5,dropped,outcome,abort_reason,verified,recovered," +
                         "ignored_messages,advertise_ms,share_ms,mask_ms,consistency_ms,unmask_ms,total_ms");
        foreach (var (sweepValue, result) in results)
        {
            var report = result.Report;
            string U(int i) => report.Survivors.Count > i ? report.Survivors[i].Length.ToString(CultureInfo.InvariantCulture) : "";
            string Ms(ServerPhase phase) => report.Rounds.FirstOrDefault(r => r.Phase == phase) is { } notice
                ? notice.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) : "";
            var last = report.Survivors.Count > 0 ? report.Survivors[^1].Length : 0;
            writer.WriteLine(string.Join(',',
                sweepValue?.ToString(CultureInfo.InvariantCulture) ?? "", result.Round, report.Session, settings.Clients, result.Dropouts.StopsAt.Count,
                U(0), U(1), U(2), U(3), U(4), settings.Clients - last, result.Outcome, CsvField.Of(report.AbortReason?.Message ?? ""),
                result.Verified ? "yes" : "no", report.ServerRecovered ? "yes" : "no", report.Ignored.Count,
                string.Join(',', Phases.Select(Ms)), report.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)));
        }
    }

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
            mean_survivors_u3 = group.Where(r => r.Result.Report.Survivors.Count > 2).Select(r => (double)r.Result.Report.Survivors[2].Length).DefaultIfEmpty().Average(),
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
