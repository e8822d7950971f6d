using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using SecureAgg.Host.Configuration;

namespace SecureAgg.Host.Train;

/// <summary>
/// The <c>secagg.train</c> block (hocon/train-dropout.hocon shows one); every key is also the flag of the same name.
/// Built-in defaults here, the file and the typed flags over them through <see cref="OptionsBinder"/>.
/// </summary>
public sealed class TrainOptions
{
    public const string Block = "secagg.train";

    [ConfigurationKeyName("rounds"), Range(1, 1_000_000, ErrorMessage = "{0} must be at least {1}")]
    public int Rounds { get; set; } = 40;

    [ConfigurationKeyName("clients-per-round"), Range(0, int.MaxValue, ErrorMessage = "{0} must be 0 (all) or positive")]
    public int ClientsPerRound { get; set; }

    [ConfigurationKeyName("local-epochs"), Range(1, 100_000, ErrorMessage = "{0} must be at least {1}")]
    public int LocalEpochs { get; set; } = 2;

    [ConfigurationKeyName("batch-size"), Range(1, int.MaxValue, ErrorMessage = "{0} must be at least {1}")]
    public int BatchSize { get; set; } = 32;

    [ConfigurationKeyName("hidden")] public string Hidden { get; set; } = "128,64";

    [ConfigurationKeyName("lr"), Range(0, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "{0} must be positive")]
    public double LearningRate { get; set; } = 1e-3;

    [ConfigurationKeyName("lr-schedule"), OneOf("constant", "cosine")]
    public string LearningRateSchedule { get; set; } = "constant";

    [ConfigurationKeyName("weight-decay"), Range(0, double.MaxValue, ErrorMessage = "{0} must be zero or positive")]
    public double WeightDecay { get; set; } = 1e-4;

    [ConfigurationKeyName("input-noise"), Range(0, double.MaxValue, ErrorMessage = "{0} must be zero or positive")]
    public double InputNoise { get; set; }

    /// <summary>0: train on every training subject and score the test subjects; K ≥ 2: K runs, each holding out a fold of training subjects.</summary>
    [ConfigurationKeyName("cross-validate"), Range(0, 21, ErrorMessage = "{0} must be 0 (off) or between 2 and {2}")]
    public int CrossValidate { get; set; }

    [ConfigurationKeyName("aggregation"), OneOf("secure", "plaintext", "central")]
    public string Aggregation { get; set; } = "secure";

    [ConfigurationKeyName("server-optimizer"), OneOf("fedavg", "fedavgm", "fedadam")]
    public string ServerOptimizer { get; set; } = "fedavg";

    /// <summary>Unset: the optimiser's default (1, with fedadam 0.01).</summary>
    [ConfigurationKeyName("server-lr"), Range(0, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "{0} must be positive")]
    public double? ServerLearningRate { get; set; }

    [ConfigurationKeyName("clip"), Range(0, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "{0} must be positive")]
    public double Clip { get; set; } = 0.5;

    // Below 4 bits the rounding noise swamps a coordinate (TrainingSettings says why).
    [ConfigurationKeyName("quantization-bits"), Range(4, 32, ErrorMessage = "{0} must be between {1} and {2}")]
    public int QuantizationBits { get; set; } = 16;

    [ConfigurationKeyName("protocol"), OneOf("secagg", "secagg+")]
    public string Protocol { get; set; } = "secagg";

    /// <summary>Unset: the smallest safe even k at the dropout rate.</summary>
    [ConfigurationKeyName("neighbours"), Range(2, SecureAgg.Protocol.ProtocolParameters.MaxClients, ErrorMessage = "{0} must be at least {1} (leave it unset for the smallest safe k)")]
    public int? Neighbours { get; set; }

    [ConfigurationKeyName("security"), OneOf("semi-honest", "active")]
    public string Security { get; set; } = "semi-honest";

    [ConfigurationKeyName("round-timeout"), Positive] public Duration RoundTimeout { get; set; } = new(TimeSpan.FromSeconds(10));
    [ConfigurationKeyName("dropout")] public DropoutOptions Dropout { get; set; } = new();
    [ConfigurationKeyName("clients-per-subject"), Range(1, 10_000, ErrorMessage = "{0} must be between {1} and {2}")]
    public int ClientsPerSubject { get; set; } = 1;

    [ConfigurationKeyName("partition"), OneOf("subject", "iid")]
    public string Partition { get; set; } = "subject";

    [ConfigurationKeyName("standardize"), OneOf("global", "per-client")]
    public string Standardize { get; set; } = "global";

    /// <summary>"" = $SECAGG_DATA, else data/uci-hapt (downloaded if missing).</summary>
    [ConfigurationKeyName("data")] public string Data { get; set; } = "";

    [ConfigurationKeyName("out")] public string Out { get; set; } = "out/train";

    /// <summary>"" = sqlite:OUT/journal.db.</summary>
    [ConfigurationKeyName("journal")] public string Journal { get; set; } = "";

    /// <summary>"" = OUT/journal.key (made when missing).</summary>
    [ConfigurationKeyName("journal-key")] public string JournalKey { get; set; } = "";

    [ConfigurationKeyName("seed")] public int Seed { get; set; } = 1;
    [ConfigurationKeyName("compare")] public Switch Compare { get; set; }

    [ConfigurationKeyName("optimizer"), OneOf("adam", "sgd")]
    public string Optimizer { get; set; } = "adam";
}
