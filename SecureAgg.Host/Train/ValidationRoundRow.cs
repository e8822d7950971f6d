using CsvHelper;
using SecureAgg.Host.Output;
using SecureAgg.Learning.Training;

namespace SecureAgg.Host.Train;

/// <summary>One line of cross-validation's <c>validation-rounds.csv</c>: a round of one fold's run, scored on that fold's held-out training subjects.</summary>
[CsvRecord]
public sealed partial record ValidationRoundRow(
    [CsvColumn("aggregation")] string Aggregation,
    [CsvColumn("fold")] int Fold,
    [CsvColumn("seed")] int Seed,
    [CsvColumn("validation_subjects")] string ValidationSubjects,
    [CsvColumn("round")] int Round,
    [CsvColumn("train_loss"), CsvConverter(typeof(FiveDecimalsField))] double TrainLoss,
    [CsvColumn("validation_accuracy"), CsvConverter(typeof(FourDecimalsField))] double ValidationAccuracy,
    [CsvColumn("macro_f1"), CsvConverter(typeof(FourDecimalsField))] double MacroF1,
    [CsvColumn("survivors")] int Survivors,
    [CsvColumn("skipped"), CsvConverter(typeof(YesNoField))] bool Skipped)
{
    public static ValidationRoundRow Of(TrainingRun run, Evaluation fold, TrainingRoundMetrics r) =>
        new(TrainOutput.Name(run.Settings.Mode), fold.Fold, run.Settings.Seed, string.Join(' ', fold.Subjects), r.Round, r.TrainLoss, r.TestAccuracy, r.MacroF1,
            r.Survivors, r.Skipped);
}
