using System.Globalization;
using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Learning.Training;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Train;

/// <summary>A train run's settings: what to train and how (<see cref="TrainingSettings"/>), how to prepare the data, and where results go.</summary>
public sealed record TrainConfig(TrainingSettings Training, DataPreparation Preparation, string? Data, string Out, string? Journal, bool Compare,
    string? JournalKey = null)
{
    /// <summary>Binds the file's <c>secagg.train</c> block and the typed flags.</summary>
    public static TrainOptions Load(Config? file, FlagBindings? flags = null, System.CommandLine.ParseResult? result = null) =>
        SettingsLayers.Bind<TrainOptions>(file, TrainOptions.Block, flags, result);

    /// <summary>
    /// For a file without <c>secagg.train</c>: one with only the <c>secagg.simulation</c> block train once read its
    /// dropouts from is told the new place rather than run without them.
    /// </summary>
    public static string? MovedBlockHint(Config file) =>
        file.HasPath("secagg.simulation") ? "train reads secagg.train: move round-timeout and dropout from secagg.simulation into secagg.train" : null;

    /// <summary>The one mapping from the block as written to the settings a run uses.</summary>
    public static TrainConfig Of(TrainOptions o)
    {
        var optimizer = o.ServerOptimizer switch { "fedavgm" => ServerOptimizerKind.FedAvgM, "fedadam" => ServerOptimizerKind.FedAdam, _ => ServerOptimizerKind.FedAvg };
        var dropouts = o.Dropout.Schedule();
        var training = new TrainingSettings(
            Mode: o.Aggregation switch { "central" => TrainingMode.Central, "plaintext" => TrainingMode.FedAvg, _ => TrainingMode.Secure },
            Rounds: o.Rounds, ClientsPerRound: o.ClientsPerRound, LocalEpochs: o.LocalEpochs, BatchSize: o.BatchSize, Hidden: ParseHidden(o.Hidden),
            LearningRate: o.LearningRate, ServerOptimizer: optimizer,
            ServerLearningRate: o.ServerLearningRate ?? (optimizer == ServerOptimizerKind.FedAdam ? 0.01 : 1.0),
            Clip: o.Clip, QuantizationBits: o.QuantizationBits, SparseGraph: o.Protocol == "secagg+", Neighbours: o.Neighbours,
            SecurityMode: o.Security == "active" ? SecurityMode.Active : SecurityMode.SemiHonest,
            Dropouts: dropouts.Rounds.Count > 0 ? dropouts : null, RoundTimeout: o.RoundTimeout, Seed: o.Seed,
            LocalOptimizer: o.Optimizer == "sgd" ? LocalOptimizerKind.Sgd : LocalOptimizerKind.Adam,
            WeightDecay: o.WeightDecay, Schedule: o.LearningRateSchedule == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
            InputNoise: o.InputNoise);
        var preparation = new DataPreparation(o.ClientsPerSubject, o.Partition == "iid",
            o.Standardize == "per-client" ? StandardizationMode.PerClient : StandardizationMode.Global, Seed: o.Seed, CrossValidationFolds: o.CrossValidate);
        return new TrainConfig(training, preparation, o.Data is { Length: > 0 } data ? data : null, o.Out, o.Journal is { Length: > 0 } journal ? journal : null,
            o.Compare, o.JournalKey is { Length: > 0 } key ? key : null);
    }

    private static IReadOnlyList<int> ParseHidden(string text)
    {
        try
        {
            return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception error) when (error is FormatException or OverflowException)
        {
            throw new ArgumentException($"--hidden takes layer sizes separated by commas, e.g. 128,64; got '{text}'.");
        }
    }
}
