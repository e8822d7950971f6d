using CsvHelper;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Train;

/// <summary>One line of <c>validation.csv</c>: a round's validation accuracy over the folds (mean, sample standard deviation, range).</summary>
[CsvRecord]
public sealed partial record ValidationSummaryRow(
    [CsvColumn("aggregation")] string Aggregation,
    [CsvColumn("round")] int Round,
    [CsvColumn("folds")] int Folds,
    [CsvColumn("mean_accuracy"), CsvConverter(typeof(FourDecimalsField))] double MeanAccuracy,
    [CsvColumn("sd_accuracy"), CsvConverter(typeof(FourDecimalsField))] double SdAccuracy,
    [CsvColumn("min_accuracy"), CsvConverter(typeof(FourDecimalsField))] double MinAccuracy,
    [CsvColumn("max_accuracy"), CsvConverter(typeof(FourDecimalsField))] double MaxAccuracy,
    [CsvColumn("mean_macro_f1"), CsvConverter(typeof(FourDecimalsField))] double MeanMacroF1);
