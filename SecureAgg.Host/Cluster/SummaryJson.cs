using System.Text.Json;
using SecureAgg.Actors.Cluster;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// <c>summary.json</c>: every session this process finished, with members, survivor sets and the aggregate's
/// SHA-256, so anyone can check the aggregate against the inputs.
/// </summary>
public static class SummaryJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Of(IEnumerable<ClusterSessionResult> results)
    {
        var sessions = results.Select(r => new
        {
            index = r.Index,
            session = r.Session.ToString(),
            clients = r.Parameters.ClientCount,
            threshold = r.Parameters.Threshold,
            length = r.Parameters.VectorLength,
            bits = r.Parameters.Bits,
            members = r.Members.Select(m => new { id = m.Id, name = m.Name }),
            survivors = r.Survivors,
            outcome = SessionFigures.Outcome(r),
            abortReason = r.AbortReason?.Message,
            verified = r.Verified,
            task = r.TaskSummary,
            recovered = r.Recovered,
            seconds = r.Elapsed.TotalSeconds,
            bytesUpPerClient = SessionFigures.BytesPerFinisher(r).Up,
            bytesDownPerClient = SessionFigures.BytesPerFinisher(r).Down,
            aggregateSha256 = r.Aggregate is { } a ? SessionFigures.AggregateHash(a) : null,
        });
        return JsonSerializer.Serialize(new { sessions }, Indented);
    }
}
