namespace SecureAgg.Learning.Training;

/// <summary>
/// One row of metrics.csv: a federated round (or, for central training, an epoch). <paramref name="Failed"/>: skipped
/// because the infrastructure failed (the journal), not because the protocol aborted; a run with one never ends ok.
/// </summary>
public sealed record TrainingRoundMetrics(
    int Round,
    double TrainLoss,
    double TestAccuracy,
    double MacroF1,
    int Selected,
    int Survivors,
    int Dropped,
    bool Skipped,
    string? SkipReason,
    double SecureAggregationMs,
    double TrainingMs,
    bool Failed = false);
