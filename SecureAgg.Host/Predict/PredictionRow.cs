using CsvHelper;

namespace SecureAgg.Host.Predict;

/// <summary>
/// One line of predict's <c>predictions.csv</c>: a window of the input, where it starts (HAPT: subject, experiment
/// and the 1-based row of the experiment's files; UCI HAR: subject, no experiment, the window's line in its split's
/// files), the activity the model predicts and the true one (the data's label).
/// </summary>
[CsvRecord]
public sealed partial record PredictionRow(
    [CsvColumn("subject")] int? Subject,
    [CsvColumn("experiment")] int? Experiment,
    [CsvColumn("start_sample")] int StartSample,
    [CsvColumn("predicted")] string Predicted,
    [CsvColumn("true")] string True);
