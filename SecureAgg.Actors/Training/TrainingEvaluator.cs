using System.Diagnostics;
using SecureAgg.Actors.Cluster;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Training;

namespace SecureAgg.Actors.Training;

/// <summary>
/// Evaluate the global model after a round on the test set: <paramref name="Round"/> is the round's metrics but for
/// accuracy and F1 (null: the restored state, no new round), <paramref name="Earlier"/> the rounds before it. The
/// arrays are the training server's, never written after this is sent.
/// </summary>
public sealed record EvaluateTraining(TrainingRoundMetrics? Round, IReadOnlyList<TrainingRoundMetrics> Earlier, double[] Global, double[]? SummedMoments)
    : ISessionEvaluation;

/// <summary>
/// The training run so far, for the host: every round's metrics (those before a restart from the journal), the
/// global model and its evaluation on the test set. The latest one is the run's result.
/// </summary>
public sealed record ClusterTrainingProgress(IReadOnlyList<TrainingRoundMetrics> Rounds, MlpModel Model, ClassificationReport Final) : IServerNodeNotice;

/// <summary>
/// The evaluator of <see cref="ClusterTrainingServer"/>: the model of each round on the held-out test subjects
/// (standardised with the global standardiser once the moments are summed), on the CPU dispatcher.
/// </summary>
public sealed class TrainingEvaluator(TrainingSettings settings, MlpShape shape, ActivityData data) : SessionEvaluator<EvaluateTraining>
{
    private double[]? _standardisedWith;
    private double[][]? _testFeatures;

    protected override SessionEvaluated Evaluate(EvaluateTraining evaluation)
    {
        var clock = Stopwatch.StartNew();
        var model = MlpModel.WithParameters(shape, evaluation.Global, settings.WeightDecay);
        var report = Metrics.Evaluate(data.TestLabels, model.Predict(TestFeatures(evaluation.SummedMoments)), data.Classes);
        if (evaluation.Round is not { } round)
            return new SessionEvaluated(null, new ClusterTrainingProgress(evaluation.Earlier, model, report));
        round = round with
        {
            TestAccuracy = report.Accuracy,
            MacroF1 = report.MacroF1,
            SecureAggregationMs = round.Skipped ? round.SecureAggregationMs : round.SecureAggregationMs + clock.Elapsed.TotalMilliseconds,
        };
        var outcome = round.Skipped
            ? null
            : new SessionTaskOutcome(null, FormattableString.Invariant(
                $"training round {round.Round}/{settings.Rounds}: test accuracy {report.Accuracy:F4}, macro F1 {report.MacroF1:F4} ({round.Survivors} clients in the sum)"));
        return new SessionEvaluated(outcome, new ClusterTrainingProgress([.. evaluation.Earlier, round], model, report));
    }

    private double[][] TestFeatures(double[]? summedMoments)
    {
        if (_testFeatures is null || !ReferenceEquals(summedMoments, _standardisedWith))
        {
            _testFeatures = summedMoments is null ? data.TestFeatures : ActivityDataBuilder.GlobalStandardizer(summedMoments).ApplyAll(data.TestFeatures);
            _standardisedWith = summedMoments;
        }
        return _testFeatures;
    }
}
