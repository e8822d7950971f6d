using SecAgg.Learning.Model;

namespace SecAgg.Learning.Training;

/// <summary>The outcome of one training run: per-round metrics, the final model and its test report.</summary>
public sealed record TrainingRun(TrainingSettings Settings, IReadOnlyList<TrainingRoundMetrics> Rounds, MlpModel Model, ClassificationReport Final, TimeSpan Elapsed);
