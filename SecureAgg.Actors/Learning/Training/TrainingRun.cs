using SecureAgg.Learning.Model;

namespace SecureAgg.Learning.Training;

/// <summary>The outcome of one training run: per-round metrics, the final model and its test report.</summary>
public sealed record TrainingRun(TrainingSettings Settings, IReadOnlyList<TrainingRoundMetrics> Rounds, MlpModel Model, ClassificationReport Final, TimeSpan Elapsed);
