using CsvHelper;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// One row of a training grid's rounds.csv: one federated round of one repetition of one cell (column names are the
/// file's contract). <c>planned_survivors</c>: the selected clients the dropout draw lets deliver an update;
/// <c>survivors</c>: those in the applied sum (0 for a skipped round).
/// </summary>
[CsvRecord]
public sealed partial record TrainRoundRow(
    [CsvColumn("aggregation")] string Aggregation,
    [CsvColumn("dropout")] double Dropout,
    [CsvColumn("dropout_round")] string DropoutRound,
    [CsvColumn("repetition")] int Repetition,
    [CsvColumn("seed")] int Seed,
    [CsvColumn("round")] int Round,
    [CsvColumn("test_accuracy"), CsvConverter(typeof(FourDecimalsField))] double TestAccuracy,
    [CsvColumn("macro_f1"), CsvConverter(typeof(FourDecimalsField))] double MacroF1,
    [CsvColumn("train_loss"), CsvConverter(typeof(FiveDecimalsField))] double TrainLoss,
    [CsvColumn("selected")] int Selected,
    [CsvColumn("planned_survivors")] int PlannedSurvivors,
    [CsvColumn("survivors")] int Survivors,
    [CsvColumn("skipped"), CsvConverter(typeof(YesNoField))] bool Skipped,
    [CsvColumn("skip_reason")] string SkipReason,
    [CsvColumn("secure_aggregation_ms"), CsvConverter(typeof(OneDecimalField))] double SecureAggregationMs,
    [CsvColumn("training_ms"), CsvConverter(typeof(OneDecimalField))] double TrainingMs)
{
    /// <summary>The columns that hold wall times (they differ between two runs of the same grid; the others do not).</summary>
    public static readonly string[] TimingColumns = ["secure_aggregation_ms", "training_ms"];

    public static IEnumerable<TrainRoundRow> Of(TrainExperimentCell cell, TrainCellResult result) =>
        result.Runs.SelectMany((run, repetition) => run.Rounds.Select(r => new TrainRoundRow(cell.Aggregation, cell.Dropout, cell.DropoutRound,
            repetition + 1, run.Seed, r.Round, r.Accuracy, r.MacroF1, r.TrainLoss, r.Selected, r.Planned, r.Survivors, r.Skipped, r.SkipReason ?? "",
            r.SecureAggregationMs, r.TrainingMs)));
}
