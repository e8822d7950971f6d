using CsvHelper;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// One row of a training grid's cells.csv: a cell's axis values and what its runs measured (column names are the
/// file's contract). Accuracy and macro F1 are the final model's on the test subjects, over the repetitions.
/// </summary>
[CsvRecord]
public sealed partial record TrainCellRow(
    [CsvColumn("aggregation")] string Aggregation,
    [CsvColumn("dropout")] double Dropout,
    [CsvColumn("dropout_round")] string DropoutRound,
    [CsvColumn("runs")] int Runs,
    [CsvColumn("rounds")] int Rounds,
    [CsvColumn("accuracy_mean"), CsvConverter(typeof(FourDecimalsField))] double AccuracyMean,
    [CsvColumn("accuracy_sd"), CsvConverter(typeof(OptionalFourDecimalsField))] double? AccuracySd,
    [CsvColumn("accuracy_min"), CsvConverter(typeof(FourDecimalsField))] double AccuracyMin,
    [CsvColumn("accuracy_max"), CsvConverter(typeof(FourDecimalsField))] double AccuracyMax,
    [CsvColumn("macro_f1_mean"), CsvConverter(typeof(FourDecimalsField))] double MacroF1Mean,
    [CsvColumn("macro_f1_sd"), CsvConverter(typeof(OptionalFourDecimalsField))] double? MacroF1Sd,
    [CsvColumn("rounds_skipped_mean"), CsvConverter(typeof(TwoDecimalsField))] double RoundsSkippedMean,
    [CsvColumn("rounds_skipped_max")] int RoundsSkippedMax,
    [CsvColumn("selected_mean"), CsvConverter(typeof(TwoDecimalsField))] double SelectedMean,
    [CsvColumn("planned_survivors_mean"), CsvConverter(typeof(TwoDecimalsField))] double PlannedMean,
    [CsvColumn("survivors_mean_applied"), CsvConverter(typeof(OptionalTwoDecimalsField))] double? SurvivorsMean,
    [CsvColumn("late_rounds")] int LateRounds,
    [CsvColumn("seconds_mean"), CsvConverter(typeof(OneDecimalField))] double SecondsMean)
{
    /// <summary>The columns that hold wall times (they differ between two runs of the same grid; the others do not).</summary>
    public static readonly string[] TimingColumns = ["seconds_mean"];

    public static TrainCellRow Of(TrainExperimentCell cell, TrainCellResult result)
    {
        var s = TrainCellStatistics.Of(result.Runs);
        return new TrainCellRow(cell.Aggregation, cell.Dropout, cell.DropoutRound, s.Runs, s.Rounds, s.AccuracyMean, s.AccuracySd, s.AccuracyMin,
            s.AccuracyMax, s.MacroF1Mean, s.MacroF1Sd, s.RoundsSkippedMean, s.RoundsSkippedMax, s.SelectedMean, s.PlannedMean, s.SurvivorsMean,
            s.LateRounds, s.SecondsMean);
    }
}
