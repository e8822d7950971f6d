using CsvHelper;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// One line of <c>sessions.csv</c>: a finished session's parameters, survivor counts |U1|..|U5| (empty for rounds it
/// did not reach), outcome, bytes per client, the task payload each client received, the aggregate's SHA-256 and what
/// the task made of it. The columns, in order, as the tests and users' scripts read them.
/// </summary>
[CsvRecord]
public sealed partial record SessionRow(
    [CsvColumn("index")] int Index,
    [CsvColumn("session")] string Session,
    [CsvColumn("clients")] int Clients,
    [CsvColumn("threshold")] int Threshold,
    [CsvColumn("length")] int Length,
    [CsvColumn("bits")] int Bits,
    [CsvColumn("u1")] int? U1,
    [CsvColumn("u2")] int? U2,
    [CsvColumn("u3")] int? U3,
    [CsvColumn("u4")] int? U4,
    [CsvColumn("u5")] int? U5,
    [CsvColumn("outcome")] string Outcome,
    [CsvColumn("verified"), CsvConverter(typeof(YesNoOrNotApplicableField))] bool? Verified,
    [CsvColumn("recovered"), CsvConverter(typeof(YesNoField))] bool Recovered,
    [CsvColumn("seconds"), CsvConverter(typeof(ThreeDecimalsField))] double Seconds,
    [CsvColumn("bytes_up_per_client"), CsvConverter(typeof(NoDecimalsField))] double BytesUpPerClient,
    [CsvColumn("bytes_down_per_client"), CsvConverter(typeof(NoDecimalsField))] double BytesDownPerClient,
    [CsvColumn("task_payload_bytes_per_client")] int TaskPayloadBytesPerClient,
    [CsvColumn("aggregate_sha256")] string AggregateSha256,
    [CsvColumn("task")] string Task)
{
    public static SessionRow Of(ClusterSessionResult result, int taskPayloadBytes)
    {
        int? U(int round) => round < result.Survivors.Count ? result.Survivors[round].Length : null;
        var (up, down) = SessionFigures.BytesPerFinisher(result);
        var p = result.Parameters;
        return new SessionRow(result.Index, result.Session.ToString(), p.ClientCount, p.Threshold, p.VectorLength, p.Bits, U(0), U(1), U(2), U(3), U(4),
            SessionFigures.Outcome(result), result.Verified, result.Recovered, result.Elapsed.TotalSeconds, up, down, taskPayloadBytes,
            result.Aggregate is { } aggregate ? SessionFigures.AggregateHash(aggregate) : "", result.TaskSummary ?? "");
    }
}
