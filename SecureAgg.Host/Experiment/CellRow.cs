using CsvHelper;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>One row of cells.csv: a cell's axis values and what its runs measured (column names are the file's contract).</summary>
[CsvRecord]
public sealed partial record CellRow(
    [CsvColumn("protocol")] string Protocol,
    [CsvColumn("neighbours")] string Neighbours,
    [CsvColumn("security")] string Security,
    [CsvColumn("clients")] int Clients,
    [CsvColumn("length")] int Length,
    [CsvColumn("bits")] int Bits,
    [CsvColumn("threshold")] int Threshold,
    [CsvColumn("dropout")] double Dropout,
    [CsvColumn("dropout_round")] string DropoutRound,
    [CsvColumn("runs")] int Runs,
    [CsvColumn("completed")] int Completed,
    [CsvColumn("completion_rate"), CsvConverter(typeof(FourDecimalsField))] double CompletionRate,
    [CsvColumn("completion_ci_low"), CsvConverter(typeof(FourDecimalsField))] double CompletionCiLow,
    [CsvColumn("completion_ci_high"), CsvConverter(typeof(FourDecimalsField))] double CompletionCiHigh,
    [CsvColumn("theory_completion"), CsvConverter(typeof(FourDecimalsField))] double TheoryCompletion,
    [CsvColumn("theory_method")] string TheoryMethod,
    [CsvColumn("u3_mean_completed"), CsvConverter(typeof(OptionalTwoDecimalsField))] double? U3Mean,
    [CsvColumn("u3_sd_completed"), CsvConverter(typeof(OptionalTwoDecimalsField))] double? U3StandardDeviation,
    [CsvColumn("advertise_ms"), CsvConverter(typeof(OptionalOneDecimalField))] double? AdvertiseMs,
    [CsvColumn("share_ms"), CsvConverter(typeof(OptionalOneDecimalField))] double? ShareMs,
    [CsvColumn("mask_ms"), CsvConverter(typeof(OptionalOneDecimalField))] double? MaskMs,
    [CsvColumn("consistency_ms"), CsvConverter(typeof(OptionalOneDecimalField))] double? ConsistencyMs,
    [CsvColumn("unmask_ms"), CsvConverter(typeof(OptionalOneDecimalField))] double? UnmaskMs,
    [CsvColumn("bytes_up_per_client"), CsvConverter(typeof(NoDecimalsField))] double BytesUpPerClient,
    [CsvColumn("bytes_down_per_client"), CsvConverter(typeof(NoDecimalsField))] double BytesDownPerClient,
    [CsvColumn("verified")] int Verified,
    [CsvColumn("late_runs")] int LateRuns)
{
    /// <summary>The columns that hold wall times (they differ between two runs of the same grid; the others do not).</summary>
    public static readonly string[] TimingColumns = ["advertise_ms", "share_ms", "mask_ms", "consistency_ms", "unmask_ms"];

    public static CellRow Of(ExperimentCell cell, CellResult result)
    {
        var s = CellStatistics.Of(result.Runs);
        double? Ms(string phase) => s.PhaseMs.TryGetValue(phase, out var ms) ? ms : null;
        return new CellRow(cell.Protocol, result.Neighbours?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", cell.Security,
            cell.Clients, cell.Length, cell.Bits, result.Threshold, cell.Dropout, cell.DropoutRound, s.Runs, s.Completed, s.CompletionRate,
            s.Interval.Low, s.Interval.High, result.Theory, result.TheoryMethod, s.U3Mean, s.U3StandardDeviation,
            Ms("advertise"), Ms("share"), Ms("mask"), Ms("consistency"), Ms("unmask"), s.BytesUpPerClient, s.BytesDownPerClient, s.Verified, s.Late);
    }
}
