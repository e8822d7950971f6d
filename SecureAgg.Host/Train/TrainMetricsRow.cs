using CsvHelper;
using SecureAgg.Host.Output;
using SecureAgg.Learning.Training;

namespace SecureAgg.Host.Train;

/// <summary>
/// One line of train's <c>metrics.csv</c>: a federated round (central: an epoch) of one aggregation mode. The columns,
/// in order and with their decimals, are the file's contract.
/// </summary>
[CsvRecord]
public sealed partial record TrainMetricsRow(
    [CsvColumn("aggregation")] string Aggregation,
    [CsvColumn("round")] int Round,
    [CsvColumn("train_loss"), CsvConverter(typeof(FiveDecimalsField))] double TrainLoss,
    [CsvColumn("test_accuracy"), CsvConverter(typeof(FourDecimalsField))] double TestAccuracy,
    [CsvColumn("macro_f1"), CsvConverter(typeof(FourDecimalsField))] double MacroF1,
    [CsvColumn("selected")] int Selected,
    [CsvColumn("survivors")] int Survivors,
    [CsvColumn("dropped")] int Dropped,
    [CsvColumn("skipped"), CsvConverter(typeof(YesNoField))] bool Skipped,
    [CsvColumn("skip_reason")] string SkipReason,
    [CsvColumn("secure_aggregation_ms"), CsvConverter(typeof(OneDecimalField))] double SecureAggregationMs,
    [CsvColumn("training_ms"), CsvConverter(typeof(OneDecimalField))] double TrainingMs)
{
    public static TrainMetricsRow Of(TrainingMode mode, TrainingRoundMetrics r) =>
        new(TrainOutput.Name(mode), r.Round, r.TrainLoss, r.TestAccuracy, r.MacroF1, r.Selected, r.Survivors, r.Dropped, r.Skipped, r.SkipReason ?? "",
            r.SecureAggregationMs, r.TrainingMs);
}
