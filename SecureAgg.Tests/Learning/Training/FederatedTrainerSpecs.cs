using SecureAgg.Host.Composition;
using SecureAgg.Actors.Training;
using SecureAgg.Learning.Federated;
using SecureAgg.Learning.Training;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;
using SecureAgg.Tests.Actors;

namespace SecureAgg.Tests.Learning.Training;

public sealed class FederatedTrainerSpecs : IAsyncLifetime
{
    // The secure rounds run over the production composition root with an in-memory journal; where dropouts must be
    // found, on a system whose deadlines fire only when the injected dropouts are all that is missing.
    private InProcessNode _node = null!;
    private InProcessNode _deterministic = null!;

    public async Task InitializeAsync()
    {
        _node = await InProcessNode.StartAsync(new InProcessSystemSettings(JournalTarget.Memory));
        _deterministic = await InProcessNode.StartAsync(new InProcessSystemSettings(JournalTarget.Memory, ExtraConfig: DeterministicDeadlines.Config));
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _deterministic.DisposeAsync();
    }

    // Long enough that only message flow ends a round; where dropouts must be found, DeterministicDeadlines fires it.
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(2);

    private static TrainingSettings Small(TrainingMode mode, int rounds) => new(Mode: mode, Rounds: rounds, LocalEpochs: 2, BatchSize: 16,
        Hidden: [16], LearningRate: 0.01, ServerOptimizer: ServerOptimizerKind.FedAvg, Clip: 0.5, QuantizationBits: 16,
        RoundTimeout: RoundTimeout, Seed: 3);

    [Fact]
    public async Task Secure_and_plaintext_FedAvg_give_the_same_model_up_to_the_quantisation_bound()
    {
        var data = SyntheticActivityData.Create();
        var plain = await new FederatedTrainer(Small(TrainingMode.FedAvg, 1), data, SecureAggregator.Over(_node.Coordinator)).RunAsync();
        var secure = await new FederatedTrainer(Small(TrainingMode.Secure, 1), data, SecureAggregator.Over(_node.Coordinator)).RunAsync();

        // Per coordinate: |average error| ≤ 2E/Ŵ with E = n·step the summed quantisation error, Ŵ the total weight.
        var n = data.Clients.Count;
        var quantizer = new UpdateQuantizer(0.5, 16);
        var totalWeight = data.Clients.Sum(c => (double)c.Count / data.Clients.Max(x => x.Count));
        var bound = WeightedUpdate.AverageErrorBound(quantizer.SumErrorBound(n), totalWeight);
        var a = plain.Model.ToVector();
        var b = secure.Model.ToVector();
        var worst = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(worst <= bound, $"largest difference {worst} exceeds the bound {bound}");
        Assert.True(worst > 0, "secure mode should differ by quantisation noise, not be the same computation");
        Assert.Equal(n, secure.Rounds[0].Survivors);
    }

    [Fact]
    public async Task Federated_training_beats_chance_by_a_wide_margin_and_secure_tracks_plaintext()
    {
        var data = SyntheticActivityData.Create();
        var plain = await new FederatedTrainer(Small(TrainingMode.FedAvg, 6), data, SecureAggregator.Over(_node.Coordinator)).RunAsync();
        var secure = await new FederatedTrainer(Small(TrainingMode.Secure, 6), data, SecureAggregator.Over(_node.Coordinator)).RunAsync();
        var central = await new FederatedTrainer(Small(TrainingMode.Central, 6), data, SecureAggregator.Over(_node.Coordinator)).RunAsync();

        var sgd = await new FederatedTrainer(Small(TrainingMode.FedAvg, 6) with { LocalOptimizer = LocalOptimizerKind.Sgd, LearningRate = 0.05 }, data, SecureAggregator.Over(_node.Coordinator)).RunAsync();

        Assert.True(plain.Final.Accuracy > 0.8, $"fedavg accuracy {plain.Final.Accuracy} (chance 0.33)");
        Assert.True(sgd.Final.Accuracy > 0.8, $"fedavg with local SGD: accuracy {sgd.Final.Accuracy}");
        Assert.True(central.Final.Accuracy > 0.8, $"central accuracy {central.Final.Accuracy}");
        Assert.InRange(secure.Final.Accuracy - plain.Final.Accuracy, -0.03, 0.03);
    }

    [Fact]
    public async Task Dropouts_during_training_still_update_from_the_survivors_or_skip_the_round_cleanly()
    {
        var data = SyntheticActivityData.Create(clients: 9);
        var oneDrops = Small(TrainingMode.Secure, 2) with
        {
            Dropouts = new DropoutSchedule(new Dictionary<ProtocolRound, RoundDropout> { [ProtocolRound.MaskedInputCollection] = new(0, [2]) }),
        };
        var run = await new FederatedTrainer(oneDrops, data, SecureAggregator.Over(_deterministic.Coordinator)).RunAsync();
        Assert.All(run.Rounds, r => Assert.Equal((9, 8, 1, false), (r.Selected, r.Survivors, r.Dropped, r.Skipped)));

        var everyoneDrops = Small(TrainingMode.Secure, 1) with { Dropouts = DropoutSchedule.At(ProtocolRound.MaskedInputCollection, 1.0) };
        var skipped = await new FederatedTrainer(everyoneDrops, data, SecureAggregator.Over(_deterministic.Coordinator)).RunAsync();
        var round = Assert.Single(skipped.Rounds);
        Assert.True(round.Skipped);
        Assert.Contains("below the threshold", round.SkipReason);
        var initial = SecureAgg.Learning.Model.MlpModel.Create(new SecureAgg.Learning.Model.MlpShape(10, [16], 3), 3, 1e-4).ToVector();
        Assert.Equal(initial, skipped.Model.ToVector());
    }

    [Fact]
    public void Fixed_point_words_sum_signed_values_exactly_and_refuse_values_out_of_range()
    {
        var codec = new FixedPointCodec();
        double[][] vectors = [[1.5, -2.25, 1000.0], [-3.0, 0.125, -999.5], [0.0, 1e-6, 123456.75]];
        var sum = new ulong[3];
        foreach (var words in vectors.Select(v => codec.Encode(v)))
        {
            for (var i = 0; i < 3; i++)
                sum[i] = (sum[i] + words[i]) & ((1UL << codec.Bits) - 1);
        }
        var decoded = codec.Decode(sum);
        Assert.Equal(-1.5, decoded[0], 6);
        Assert.Equal(-2.125, decoded[1], 5);
        Assert.Equal(123457.25, decoded[2], 6);
        Assert.Throws<ArgumentException>(() => codec.Encode([codec.Limit * 2]));
        Assert.Throws<ArgumentException>(() => codec.Encode([double.NaN]));
    }

    [Fact]
    public async Task The_secure_sum_of_feature_moments_equals_the_plain_sum()
    {
        var data = SyntheticActivityData.Create(clients: 5);
        var vectors = data.Clients.Select(c => SecureAgg.Learning.Features.FeatureMoments.Of(c.Features).ToVector()).ToArray();
        var plain = vectors.Aggregate((a, b) => a.Zip(b, (x, y) => x + y).ToArray());

        var secure = await SecureMomentSum.SumAsync(vectors, _node.Coordinator, seed: 1, RoundTimeout);

        Assert.Equal(plain.Length, secure.Length);
        for (var i = 0; i < plain.Length; i++)
            Assert.True(Math.Abs(plain[i] - secure[i]) <= vectors.Length * Math.Pow(2, -20), $"coordinate {i}: {plain[i]} vs {secure[i]}");
    }

    [Fact]
    public async Task A_round_whose_sum_the_infrastructure_failed_is_skipped_and_marked_failed_not_aborted()
    {
        var data = SyntheticActivityData.Create();
        var run = await new FederatedTrainer(Small(TrainingMode.Secure, 3), data, settings => new FailingInRound(2, settings)).RunAsync();

        Assert.Equal([false, true, false], run.Rounds.Select(r => r.Skipped));
        Assert.Equal([false, true, false], run.Rounds.Select(r => r.Failed));
        Assert.Equal("The journal was unavailable: gone", run.Rounds[1].SkipReason);
    }

    /// <summary>Sums in the clear (<see cref="PlainAggregator"/>), except one round whose server "lost its journal".</summary>
    private sealed class FailingInRound(int failing, TrainingSettings settings) : IUpdateAggregator
    {
        private readonly PlainAggregator _plain = new(settings);

        public Task<AggregatedUpdates> SumAsync(int round, IReadOnlyList<(int Client, double[] Encoded)> updates, CancellationToken cancellation) =>
            round == failing
                ? Task.FromResult(new AggregatedUpdates(null, [], new JournalUnavailable("gone").Message, 0, Failed: true))
                : _plain.SumAsync(round, updates, cancellation);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
