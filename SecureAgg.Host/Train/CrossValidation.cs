using System.Globalization;
using SecureAgg.Actors.Training;
using SecureAgg.Host.Composition;
using SecureAgg.Learning.Training;

namespace SecureAgg.Host.Train;

/// <summary>
/// <c>secagg train --cross-validate K</c>: choosing rounds, rates and architecture without a test subject. Each of K
/// runs holds out one fold of the 21 training subjects as validation (<see cref="ActivityDataBuilder.ValidationFold"/>),
/// standardises from the remaining clients' moments (securely summed in secure mode) and trains with its own seed
/// (seed + fold − 1); the test subjects are never loaded. The best round by mean validation accuracy is what a final
/// run on all training subjects then trains for, and is scored on the test subjects once.
/// </summary>
public static class CrossValidation
{
    public static async Task<int> RunAsync(ActivityData raw, TrainingSettings settings, DataPreparation preparation, InProcessNode node, bool secure, bool compare,
        string outDir, CancellationToken cancellation)
    {
        var modes = compare ? new[] { TrainingMode.Central, TrainingMode.FedAvg, TrainingMode.Secure } : [settings.Mode];
        var folds = preparation.CrossValidationFolds;
        var runs = new List<FoldRun>();
        try
        {
            for (var fold = 1; fold <= folds; fold++)
            {
                var held = ActivityDataBuilder.ValidationFold(raw, fold, folds);
                var foldSeed = settings.Seed + fold - 1;
                Console.WriteLine($"== validation fold {fold}/{folds}: training subjects {string.Join(',', held.Evaluation.Subjects)} held out, " +
                                  $"{held.Clients.Count} clients train, seed {foldSeed}");
                var coordinator = node.Coordinator;
                var data = secure
                    ? await ActivityDataBuilder.StandardizeAsync(held, preparation, Console.WriteLine,
                        (vectors, ct) => SecureMomentSum.SumAsync(vectors, coordinator, foldSeed, settings.Timeout, ct), cancellation)
                    : ActivityDataBuilder.Standardize(held, preparation, Console.WriteLine);
                foreach (var mode in modes)
                {
                    var modeSettings = settings with { Mode = mode, Seed = foldSeed };
                    Console.WriteLine(TrainOutput.RunLine(modeSettings));
                    var run = await new FederatedTrainer(modeSettings, data, secure ? SecureAggregator.Over(coordinator) : null)
                        .RunAsync(r => Console.WriteLine(TrainOutput.RoundLine(mode, modeSettings.Rounds, r, held.Evaluation)), cancellation);
                    runs.Add(new FoldRun(held.Evaluation, run));
                }
            }
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"secagg train: {error.Message}");
            return 2;
        }

        IReadOnlyList<string> files;
        try
        {
            files = CrossValidationOutput.Write(outDir, runs, SettingsLine(settings, preparation));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"secagg train: could not write the cross-validation results: {error.Message}");
            return 1;
        }
        Console.WriteLine($"wrote {string.Join(", ", files)}");

        var failed = runs.SelectMany(r => r.Run.Rounds).Where(r => r.Failed).ToArray();
        var summary = CrossValidationOutput.Summarize(runs);
        var exit = 0;
        foreach (var mode in summary.GroupBy(r => r.Aggregation))
        {
            var best = CrossValidationOutput.Best(mode);
            var last = mode.MaxBy(r => r.Round)!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"train cross-validation aggregation={mode.Key} folds={folds} rounds={last.Round} best_round={best.Round} " +
                $"validation_accuracy={best.MeanAccuracy:F4} sd={best.SdAccuracy:F4} last_round_accuracy={last.MeanAccuracy:F4}") +
                (failed.Length > 0 ? $" infrastructure-failures={failed.Length} FAILED" : " ok"));
        }
        if (failed.Length > 0)
        {
            Console.Error.WriteLine($"secagg train: {failed.Length} rounds failed because the server could not run ({failed[0].SkipReason}); the models skipped them.");
            exit = InfrastructureFailure.ExitCode;
        }
        else if (runs.Any(r => r.Run.Rounds.All(x => x.Skipped)))
        {
            Console.Error.WriteLine("secagg train: every round of a fold's run was skipped (aggregation aborted): its model is untrained.");
            exit = 1;
        }
        return exit;
    }

    private static string SettingsLine(TrainingSettings s, DataPreparation p) => string.Create(CultureInfo.InvariantCulture,
        $"rounds {s.Rounds}, hidden {string.Join(',', s.HiddenLayers)}, local epochs {s.LocalEpochs}, batch {s.BatchSize}, lr {s.LearningRate} ({s.Schedule}), " +
        $"weight decay {s.WeightDecay}, input noise {s.InputNoise}, server {s.ServerOptimizer} lr {s.ServerLearningRate}, clip {s.Clip}, " +
        $"{p.Standardization} standardisation, seed {s.Seed}");
}
