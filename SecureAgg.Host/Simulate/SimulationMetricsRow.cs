using System.Globalization;
using CsvHelper;
using SecureAgg.Actors.InProcess;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Simulate;

/// <summary>One row of metrics.csv: one aggregation round (column names are the file's contract).</summary>
[CsvRecord]
public sealed partial record SimulationMetricsRow(
    [property: CsvColumn("experiment_dropout")] string ExperimentDropout,
    [property: CsvColumn("round")] int Round,
    [property: CsvColumn("session")] string Session,
    [property: CsvColumn("clients")] int Clients,
    [property: CsvColumn("planned_dropouts")] int PlannedDropouts,
    [property: CsvColumn("u1")] string U1,
    [property: CsvColumn("u2")] string U2,
    [property: CsvColumn("u3")] string U3,
    [property: CsvColumn("u4")] string U4,
    [property: CsvColumn("u5")] string U5,
    [property: CsvColumn("dropped")] int Dropped,
    [property: CsvColumn("outcome")] string Outcome,
    [property: CsvColumn("abort_reason")] string AbortReason,
    [property: CsvColumn("verified")] string Verified,
    [property: CsvColumn("recovered")] string Recovered,
    [property: CsvColumn("ignored_messages")] int IgnoredMessages,
    [property: CsvColumn("advertise_ms")] string AdvertiseMs,
    [property: CsvColumn("share_ms")] string ShareMs,
    [property: CsvColumn("mask_ms")] string MaskMs,
    [property: CsvColumn("consistency_ms")] string ConsistencyMs,
    [property: CsvColumn("unmask_ms")] string UnmaskMs,
    [property: CsvColumn("total_ms")] string TotalMs)
{
    public static SimulationMetricsRow Of(int clients, double? sweepValue, SimulationRoundResult result)
    {
        var report = result.Report;
        string U(int i) => report.Survivors.Count > i ? report.Survivors[i].Length.ToString(CultureInfo.InvariantCulture) : "";
        string Ms(ServerPhase phase) => report.Rounds.FirstOrDefault(r => r.Phase == phase) is { } notice
            ? notice.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) : "";
        var last = report.Survivors.Count > 0 ? report.Survivors[^1].Length : 0;
        return new SimulationMetricsRow(sweepValue?.ToString(CultureInfo.InvariantCulture) ?? "", result.Round, report.Session.ToString(), clients,
            result.Dropouts.StopsAt.Count, U(0), U(1), U(2), U(3), U(4), clients - last, result.Outcome, report.AbortReason?.Message ?? "",
            result.Verified ? "yes" : "no", report.ServerRecovered ? "yes" : "no", report.Ignored.Count,
            Ms(ServerPhase.AdvertiseKeys), Ms(ServerPhase.ShareKeys), Ms(ServerPhase.MaskedInputCollection), Ms(ServerPhase.ConsistencyCheck),
            Ms(ServerPhase.Unmasking), report.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
    }
}
