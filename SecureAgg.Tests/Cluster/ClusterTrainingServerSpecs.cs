using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Training;
using SecureAgg.Crypto;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Training;
using SecureAgg.Protocol;
using SecureAgg.Tests.Learning.Training;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// The training server split in two: the task, the coordinator's pure and journalled state, steps and skips rounds
/// but never evaluates; its <see cref="TrainingEvaluator"/> (an actor) evaluates the model on the test set and the
/// metrics come back to the task, which journals them.
/// </summary>
public sealed class ClusterTrainingServerSpecs(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING"), "training-server-specs", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TrainingSettings Settings = new(TrainingMode.Secure, Rounds: 2, Hidden: [8], Seed: 3);
    private static readonly IReadOnlyList<int[]> Everyone = Enumerable.Repeat(Enumerable.Range(1, 6).ToArray(), 5).ToArray();
    private readonly ActivityData _data = SyntheticActivityData.Create(clients: 6);

    private static ClusterSessionOpened Opened(int index, byte[] payload) =>
        new(index, SessionId.New(), new ProtocolParameters(6, 4, 62, 4), new byte[32], 1, TimeSpan.FromSeconds(1),
            Enumerable.Range(1, 6).Select(i => new SessionMember(i, $"c{i}", $"akka://x/user/c{i}#{i}")).ToArray(), payload);

    /// <summary>The moment session's aggregate: every client's fixed-point moments summed mod 2^b.</summary>
    private ulong[] SummedMoments(FixedPointCodec codec)
    {
        var sum = new ulong[FeatureMoments.VectorLength(_data.FeatureCount)];
        foreach (var client in _data.Clients)
        {
            var words = codec.Encode(FeatureMoments.Of(client.Features).ToVector());
            for (var i = 0; i < sum.Length; i++)
                sum[i] = (sum[i] + words[i]) & ((1UL << codec.Bits) - 1);
        }
        return sum;
    }

    /// <summary>A task past its moment session, and the aggregate of that session.</summary>
    private (ClusterTrainingServer Task, ulong[] Moments) AfterTheMomentSum()
    {
        var task = new ClusterTrainingServer(Settings, _data);
        var moments = SummedMoments(new FixedPointCodec());
        var step = task.Complete(Opened(1, task.Payload()), moments, Everyone);
        Assert.Null(step.Evaluation);
        Assert.Equal("feature moments of 6 clients summed securely: global standardiser ready", step.Outcome?.Summary);
        return (task, moments);
    }

    private ClassificationReport InitialModelOnTheTestSet(ulong[] moments)
    {
        var model = MlpModel.Create(new MlpShape(_data.FeatureCount, Settings.HiddenLayers, _data.Classes), Settings.Seed, Settings.WeightDecay);
        var standardised = ActivityDataBuilder.GlobalStandardizer(new FixedPointCodec().Decode(moments)).ApplyAll(_data.TestFeatures);
        return Metrics.Evaluate(_data.TestLabels, model.Predict(standardised), _data.Classes);
    }

    [Fact]
    public void An_aborted_round_is_evaluated_by_the_evaluator_and_its_metrics_are_journalled_by_the_task()
    {
        var (task, moments) = AfterTheMomentSum();

        var step = task.Skipped(Opened(2, task.Payload()), "too few clients");

        var evaluation = Assert.IsType<EvaluateTraining>(step.Evaluation);
        Assert.Equal((1, true, "too few clients"), (evaluation.Round?.Round, evaluation.Round?.Skipped, evaluation.Round?.SkipReason));
        Assert.Empty(evaluation.Earlier);
        Sys.ActorOf(task.Evaluator()).Tell(evaluation, TestActor);
        var answer = ExpectMsg<SessionEvaluated>(Patience);
        // A skipped round has no summary of its own (the session's abort says it all), but its metrics row.
        Assert.Null(answer.Outcome);
        var progress = Assert.IsType<ClusterTrainingProgress>(answer.Report);
        var expected = InitialModelOnTheTestSet(moments);
        var row = Assert.Single(progress.Rounds);
        Assert.Equal((1, expected.Accuracy, expected.MacroF1, 6, 0, 6, true), (row.Round, row.TestAccuracy, row.MacroF1, row.Selected, row.Survivors, row.Dropped, row.Skipped));
        Assert.Equal((expected.Accuracy, expected.MacroF1), (progress.Final.Accuracy, progress.Final.MacroF1));

        task.Evaluated(answer);
        var restarted = new ClusterTrainingServer(Settings, _data);
        restarted.Restore(task.State());

        // A restarted server asks for the journalled rounds (and the model's figures) to be reported.
        var resumed = Assert.IsType<EvaluateTraining>(restarted.Resumed());
        Assert.Null(resumed.Round);
        var journalled = Assert.Single(resumed.Earlier);
        Assert.Equal((1, expected.Accuracy, expected.MacroF1, true), (journalled.Round, journalled.TestAccuracy, journalled.MacroF1, journalled.Skipped));
        Assert.Null(new ClusterTrainingServer(Settings, _data).Resumed());
    }

    [Fact]
    public void An_evaluation_that_fails_is_answered_with_the_error_rather_than_left_unanswered()
    {
        var (task, _) = AfterTheMomentSum();
        var evaluation = Assert.IsType<EvaluateTraining>(task.Skipped(Opened(2, task.Payload()), "aborted").Evaluation);

        Sys.ActorOf(task.Evaluator()).Tell(evaluation with { Global = [1.0, 2.0] }, TestActor);

        var answer = ExpectMsg<SessionEvaluated>(Patience);
        Assert.StartsWith("not evaluated: ", answer.Outcome?.Summary);
        Assert.Null(answer.Report);
    }
}
