using CsvHelper;
using SecureAgg.Actors;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// One line of <c>rounds.csv</c>: a protocol round of a session, with the bytes per client that answered in it. The
/// columns, in order, as the tests and users' scripts read them.
/// </summary>
[CsvRecord]
public sealed partial record RoundRow(
    [CsvColumn("session")] string Session,
    [CsvColumn("index")] int Index,
    [CsvColumn("round")] string Round,
    [CsvColumn("expected")] int Expected,
    [CsvColumn("survivors")] int Survivors,
    [CsvColumn("seconds"), CsvConverter(typeof(ThreeDecimalsField))] double Seconds,
    [CsvColumn("by_deadline"), CsvConverter(typeof(YesNoField))] bool ByDeadline,
    [CsvColumn("bytes_received")] long BytesReceived,
    [CsvColumn("bytes_sent")] long BytesSent,
    [CsvColumn("bytes_up_per_client"), CsvConverter(typeof(OneDecimalField))] double BytesUpPerClient,
    [CsvColumn("bytes_down_per_client"), CsvConverter(typeof(OneDecimalField))] double BytesDownPerClient)
{
    public static RoundRow Of(int index, RoundClosedNotice notice) =>
        new(notice.Session.ToString(), index, RoundNames.Of(notice.Phase), notice.Expected, notice.Survivors, notice.Elapsed.TotalSeconds, notice.ByDeadline,
            notice.BytesReceived, notice.BytesSent, SessionFigures.PerClient(notice.BytesReceived, notice.Survivors),
            SessionFigures.PerClient(notice.BytesSent, notice.Survivors));
}
