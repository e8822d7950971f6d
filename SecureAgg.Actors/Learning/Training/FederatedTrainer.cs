using System.Diagnostics;
using SecureAgg.Learning.Federated;
using SecureAgg.Learning.Model;

namespace SecureAgg.Learning.Training;

/// <summary>
/// Federated training of the activity MLP: each round the server picks clients, each trains E local epochs from the
/// global model, sends its weighted update [w, w·Δ] (w = its sample count over a public bound), the round's sum is
/// taken in the clear (FedAvg) or through secure aggregation (Secure), and the server optimiser applies Σw·Δ / Σw.
/// Central mode trains the same model on the pooled data, one epoch per "round", as the ceiling. The secure sum comes
/// from <paramref name="secureAggregator"/> (the actor layer's), so this class stays pure.
/// </summary>
public sealed class FederatedTrainer(TrainingSettings settings, ActivityData data, Func<TrainingSettings, IUpdateAggregator>? secureAggregator = null)
{
    public async Task<TrainingRun> RunAsync(Action<TrainingRoundMetrics>? onRound = null, CancellationToken cancellation = default)
    {
        settings.Validate();
        var clock = Stopwatch.StartNew();
        var shape = new MlpShape(data.FeatureCount, settings.HiddenLayers, data.Classes);
        var model = MlpModel.Create(shape, settings.Seed, settings.WeightDecay);
        var rounds = new List<TrainingRoundMetrics>();

        if (settings.Mode == TrainingMode.Central)
        {
            var (features, labels) = data.PooledTraining();
            var optimizer = LocalOptimizer(1);
            for (var epoch = 1; epoch <= settings.Rounds; epoch++)
            {
                var timer = Stopwatch.StartNew();
                optimizer.LearningRate = settings.LearningRateAt(epoch);
                var result = new LocalTrainer(new TrainingOptions(1, settings.BatchSize, settings.Seed * 7919 + epoch, settings.InputNoise)).Train(model, features, labels, optimizer);
                model = result.Model;
                rounds.Add(Evaluate(model, epoch, result.MeanLoss, data.Clients.Count, data.Clients.Count, 0, null, 0, timer.Elapsed.TotalMilliseconds));
                onRound?.Invoke(rounds[^1]);
            }
            return Finish(model, rounds, clock);
        }

        var maxSamples = data.Clients.Max(c => (long)c.Count);
        var encoder = new WeightedUpdate(settings.Clip, maxSamples);
        var server = settings.ServerOptimizer switch
        {
            ServerOptimizerKind.FedAvg => ServerOptimizer.FedAvg(settings.ServerLearningRate),
            ServerOptimizerKind.FedAvgM => ServerOptimizer.FedAvgM(settings.ServerLearningRate),
            _ => ServerOptimizer.FedAdam(settings.ServerLearningRate),
        };
        var global = model.ToVector();
        await using var aggregator = settings.Mode == TrainingMode.Secure
            ? (secureAggregator ?? throw new InvalidOperationException("Secure training needs a secure aggregator."))(settings)
            : new PlainAggregator(settings);
        var selection = new Random(settings.Seed);

        for (var round = 1; round <= settings.Rounds; round++)
        {
            var timer = Stopwatch.StartNew();
            var chosen = Choose(selection);
            var start = MlpModel.WithParameters(shape, global, settings.WeightDecay);
            var updates = new (int Client, double[] Encoded, double Loss, int Count)[chosen.Count];
            Parallel.For(0, chosen.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var client = chosen[i];
                var trainer = new LocalTrainer(new TrainingOptions(settings.LocalEpochs, settings.BatchSize, TrainingSeeds.LocalShuffle(settings.Seed, round, client.Id), settings.InputNoise));
                var result = trainer.Train(start, client.Features, client.Labels, LocalOptimizer(round));
                var trained = result.Model.ToVector();
                var delta = new double[trained.Length];
                for (var j = 0; j < delta.Length; j++)
                    delta[j] = trained[j] - global[j];
                updates[i] = (client.Id, encoder.Encode(delta, client.Count), result.MeanLoss, client.Count);
            });
            var trainingMs = timer.Elapsed.TotalMilliseconds;

            var summed = await aggregator.SumAsync(round, updates.Select(u => (u.Client, u.Encoded)).ToArray(), cancellation);
            var loss = updates.Sum(u => u.Loss * u.Count) / updates.Sum(u => u.Count);
            var skipReason = summed.AbortReason;
            if (summed.Sum is { } sum)
            {
                try
                {
                    var average = encoder.Decode(sum);
                    server.Step(global, average.Delta);
                    model = MlpModel.WithParameters(shape, global, settings.WeightDecay);
                }
                catch (ArgumentException error)
                {
                    // E.g. a decoded total weight ≤ 0 from quantisation noise: skip the round rather than apply garbage.
                    skipReason = error.Message;
                }
            }
            rounds.Add(Evaluate(model, round, loss, chosen.Count, summed.Contributors.Count, skipReason is null ? chosen.Count - summed.Contributors.Count : chosen.Count,
                skipReason, summed.ElapsedMs, trainingMs) with { Failed = summed.Failed });
            onRound?.Invoke(rounds[^1]);
        }
        return Finish(model, rounds, clock);
    }

    // SGD uses momentum 0.9, the usual companion of plain mini-batch SGD for MLPs.
    private IOptimizer LocalOptimizer(int round) => settings.LocalOptimizer == LocalOptimizerKind.Sgd
        ? new SgdOptimizer(settings.LearningRateAt(round), momentum: 0.9)
        : new AdamOptimizer(settings.LearningRateAt(round));

    private IReadOnlyList<ClientData> Choose(Random selection)
    {
        var count = settings.ClientsPerRound == 0 ? data.Clients.Count : Math.Min(settings.ClientsPerRound, data.Clients.Count);
        return data.Clients.OrderBy(_ => selection.Next()).Take(count).OrderBy(c => c.Id).ToArray();
    }

    private TrainingRoundMetrics Evaluate(MlpModel model, int round, double loss, int selected, int survivors, int dropped, string? skipReason, double secureMs, double trainingMs)
    {
        var report = Metrics.Evaluate(data.TestLabels, model.Predict(data.TestFeatures), data.Classes);
        return new TrainingRoundMetrics(round, loss, report.Accuracy, report.MacroF1, selected, survivors, dropped, skipReason is not null, skipReason, secureMs, trainingMs);
    }

    private TrainingRun Finish(MlpModel model, List<TrainingRoundMetrics> rounds, Stopwatch clock)
    {
        var report = Metrics.Evaluate(data.TestLabels, model.Predict(data.TestFeatures), data.Classes);
        return new TrainingRun(settings, rounds, model, report, clock.Elapsed);
    }
}
