using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using SecureAgg.Host.Train;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// The <c>secagg.train-experiment</c> block as written (hocon/train-experiment-smoke.hocon documents every key): the
/// grid's own settings, the fixed training settings every cell shares (<c>train</c>: the keys of <c>secagg.train</c>,
/// bound by <see cref="TrainOptions"/> itself, but for those the grid sets), and the <c>axes</c> whose cross product is
/// the set of cells.
/// </summary>
public sealed class TrainExperimentOptions
{
    public const string Block = "secagg.train-experiment";

    [ConfigurationKeyName("repetitions"), Range(1, 1000, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Repetitions { get; set; } = 3;

    /// <summary>Repetition r (0-based) of every cell trains with seed + r; bounded so that the sum stays an int.</summary>
    [ConfigurationKeyName("seed"), Range(0, 1_000_000_000, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Seed { get; set; } = 1;

    [ConfigurationKeyName("journal")]
    public string Journal { get; set; } = "memory";

    [ConfigurationKeyName("out")]
    public string Out { get; set; } = "out/train-experiment";

    [ConfigurationKeyName("train")]
    public TrainOptions Train { get; set; } = new();

    [ConfigurationKeyName("axes")]
    public TrainExperimentAxesOptions Axes { get; set; } = new();
}

/// <summary>
/// The axes of a training grid, each a list. Left out, an axis has one value (its default); written, it must list at
/// least one. The lists start empty because the configuration binder appends to a list's initial items.
/// </summary>
public sealed class TrainExperimentAxesOptions
{
    [ConfigurationKeyName("aggregation")] public string[] Aggregation { get; set; } = [];
    [ConfigurationKeyName("dropout")] public double[] Dropout { get; set; } = [];
    [ConfigurationKeyName("dropout-round")] public string[] DropoutRound { get; set; } = [];
}
