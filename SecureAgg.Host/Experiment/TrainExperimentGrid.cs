using System.Globalization;
using System.Text.Json;
using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Train;
using SecureAgg.Learning.Training;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// A validated training grid: the training settings every cell shares (<see cref="Training"/>, without mode, dropouts
/// and seed), how the data is prepared (once for the whole grid), and the cells, the cross product of the axes in the
/// order aggregation, dropout-round, dropout (the last varies fastest). Repetition r of every cell trains with seed
/// <see cref="Seed"/> + r, so the cells of one repetition start from the same model and draw the same batches, and
/// cells at the same dropout probability and round draw the same dropouts.
/// </summary>
public sealed record TrainExperimentGrid(
    int Repetitions, int Seed, string Journal, string Out, TrainingSettings Training, DataPreparation Preparation, string? Data,
    IReadOnlyList<TrainExperimentCell> Cells)
{
    private const string Axes = TrainExperimentOptions.Block + ".axes";
    private const string TrainBlock = TrainExperimentOptions.Block + ".train";

    /// <summary>The <c>secagg.train</c> keys the grid sets itself, and where a grid says them instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> GridSetTrainKeys = new Dictionary<string, string>
    {
        ["aggregation"] = $"is an axis of the grid: list the aggregations in {Axes}.aggregation",
        ["dropout"] = $"is an axis of the grid: list the probabilities in {Axes}.dropout and the rounds in {Axes}.dropout-round",
        ["seed"] = $"is set by the grid: {TrainExperimentOptions.Block}.seed (repetition r trains with seed + r)",
        ["out"] = $"is set by the grid: {TrainExperimentOptions.Block}.out",
        ["journal"] = $"is set by the grid: {TrainExperimentOptions.Block}.journal",
        ["journal-key"] = "is set by the grid: the key of a sqlite or postgres journal is OUT/journal.key",
        ["compare"] = $"does not apply to a grid: list the aggregations in {Axes}.aggregation",
        ["cross-validate"] = "does not apply to a grid: a grid scores the test subjects; choose settings with `secagg train --cross-validate K` first",
    };

    public bool HasSecureCells => Cells.Any(c => c.IsSecure);

    /// <summary>Binds the file's <c>secagg.train-experiment</c> block and checks it; the flags replace the file's out and data.</summary>
    public static TrainExperimentGrid Load(Config file, string? outFlag = null, string? dataFlag = null)
    {
        var options = SettingsLayers.Bind<TrainExperimentOptions>(file, TrainExperimentOptions.Block);
        if (outFlag is not null)
            options.Out = outFlag;
        if (dataFlag is not null)
            options.Train.Data = dataFlag;
        return Of(options, key => file.HasPath($"{TrainExperimentOptions.Block}.{key}"));
    }

    /// <summary>The grid of bound options; <paramref name="written"/> says whether a key (relative to the block, e.g. <c>axes.dropout</c>) was written.</summary>
    public static TrainExperimentGrid Of(TrainExperimentOptions o, Func<string, bool> written)
    {
        foreach (var (key, where) in GridSetTrainKeys)
        {
            if (written($"train.{key}"))
                throw new ArgumentException($"{TrainBlock}.{key} {where}.");
        }
        var a = o.Axes;
        Func<string, bool> axis = key => written($"axes.{key}");
        var aggregations = GridAxis.Values(Axes, "aggregation", a.Aggregation, [TrainExperimentCell.Secure], axis);
        var dropouts = GridAxis.Values(Axes, "dropout", a.Dropout, [0.0], axis);
        var rounds = GridAxis.Values(Axes, "dropout-round", a.DropoutRound, ["mask"], axis);
        GridAxis.OneOf(Axes, "aggregation", aggregations, TrainExperimentCell.Secure, TrainExperimentCell.Plaintext);
        GridAxis.OneOf(Axes, "dropout-round", rounds, [.. RoundNames.All.Keys]);
        GridAxis.Each(Axes, "dropout", dropouts, p => p is >= 0 and <= 1, "is a probability between 0 and 1");

        // The training settings as secagg train maps them; the grid's seed also seeds the data's partition.
        o.Train.Seed = o.Seed;
        TrainConfig config;
        try
        {
            config = TrainConfig.Of(o.Train);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{TrainBlock}: {error.Message}");
        }
        if (rounds.Contains("consistency") && config.Training.SecurityMode == SecurityMode.SemiHonest)
            throw new ArgumentException($"{Axes}.dropout-round = consistency needs {TrainBlock}.security = active: a semi-honest session has no ConsistencyCheck round.");

        var cells = new List<TrainExperimentCell>();
        foreach (var aggregation in aggregations)
        foreach (var round in rounds)
        foreach (var p in dropouts)
            cells.Add(new TrainExperimentCell(aggregation, p, round));
        var grid = new TrainExperimentGrid(o.Repetitions, o.Seed, o.Journal, o.Out, config.Training with { Dropouts = null }, config.Preparation, config.Data, cells);
        foreach (var cell in cells)
        {
            try
            {
                grid.Settings(cell, 0).Validate();
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException($"{TrainBlock}: {error.Message}");
            }
        }
        return grid;
    }

    /// <summary>What repetition <paramref name="repetition"/> (0-based) of <paramref name="cell"/> trains with.</summary>
    public TrainingSettings Settings(TrainExperimentCell cell, int repetition) =>
        Training with { Mode = cell.Mode, Dropouts = cell.Schedule(), Seed = Seed + repetition };

    /// <summary>What the results depend on (not where the data and the results are): a folder holds the results of one fingerprint.</summary>
    public string Fingerprint()
    {
        var t = Training;
        return JsonSerializer.Serialize(new
        {
            kind = "train",
            repetitions = Repetitions,
            seed = Seed,
            train = new
            {
                rounds = t.Rounds,
                clients_per_round = t.ClientsPerRound,
                local_epochs = t.LocalEpochs,
                batch_size = t.BatchSize,
                hidden = t.HiddenLayers,
                lr = t.LearningRate,
                weight_decay = t.WeightDecay,
                optimizer = t.LocalOptimizer.ToString(),
                server_optimizer = t.ServerOptimizer.ToString(),
                server_lr = t.ServerLearningRate,
                clip = t.Clip,
                quantization_bits = t.QuantizationBits,
                protocol = t.SparseGraph ? "secagg+" : "secagg",
                neighbours = t.Neighbours,
                security = t.SecurityMode.ToString(),
                round_timeout_ms = t.Timeout.TotalMilliseconds,
                clients_per_subject = Preparation.ClientsPerSubject,
                partition = Preparation.IidPartition ? "iid" : "subject",
                standardize = Preparation.Standardization.ToString(),
            },
            cells = Cells.Select(c => c.Key).ToArray(),
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The grid's fixed settings in one line, for the first line of a run and summary.md.</summary>
    public string Describe()
    {
        var t = Training;
        return string.Create(CultureInfo.InvariantCulture,
            $"rounds={t.Rounds} clients-per-round={(t.ClientsPerRound == 0 ? "all" : t.ClientsPerRound.ToString(CultureInfo.InvariantCulture))} " +
            $"local-epochs={t.LocalEpochs} batch-size={t.BatchSize} hidden={string.Join(',', t.HiddenLayers)} lr={t.LearningRate} " +
            $"optimizer={(t.LocalOptimizer == LocalOptimizerKind.Sgd ? "sgd" : "adam")} server-optimizer={t.ServerOptimizer.ToString().ToLowerInvariant()} " +
            $"server-lr={t.ServerLearningRate} clip={t.Clip} quantization-bits={t.QuantizationBits} protocol={(t.SparseGraph ? "secagg+" : "secagg")} " +
            $"security={(t.SecurityMode == SecurityMode.Active ? "active" : "semi-honest")} round-timeout={t.Timeout.TotalMilliseconds:F0}ms");
    }
}
