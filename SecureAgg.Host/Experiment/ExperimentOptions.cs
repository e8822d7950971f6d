using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using SecureAgg.Host.Configuration;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// The <c>secagg.experiment</c> block as written (hocon/experiment-smoke.hocon documents every key): the settings every
/// cell shares, and the <c>axes</c> whose cross product is the set of cells.
/// </summary>
public sealed class ExperimentOptions
{
    public const string Block = "secagg.experiment";

    /// <summary>actors: the actor simulation of <c>simulate</c> (real deadlines); core: the pure protocol in one process, as <c>bench</c>.</summary>
    [ConfigurationKeyName("engine"), OneOf("actors", "core")]
    public string Engine { get; set; } = "actors";

    [ConfigurationKeyName("repetitions"), Range(1, 100_000, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Repetitions { get; set; } = 3;

    [ConfigurationKeyName("seed")]
    public int Seed { get; set; } = 1;

    [ConfigurationKeyName("round-timeout"), Positive]
    public Duration RoundTimeout { get; set; } = new(TimeSpan.FromSeconds(2));

    [ConfigurationKeyName("journal")]
    public string Journal { get; set; } = "memory";

    [ConfigurationKeyName("out")]
    public string Out { get; set; } = "out/experiment";

    [ConfigurationKeyName("axes")]
    public ExperimentAxesOptions Axes { get; set; } = new();
}

/// <summary>
/// The axes of a grid, each a list. Left out, an axis has one value (its default); written, it must list at least one.
/// The lists start empty because the configuration binder appends to a list's initial items.
/// </summary>
public sealed class ExperimentAxesOptions
{
    [ConfigurationKeyName("protocol")] public string[] Protocol { get; set; } = [];
    [ConfigurationKeyName("neighbours")] public int[] Neighbours { get; set; } = [];
    [ConfigurationKeyName("security")] public string[] Security { get; set; } = [];
    [ConfigurationKeyName("clients")] public int[] Clients { get; set; } = [];
    [ConfigurationKeyName("length")] public int[] Length { get; set; } = [];
    [ConfigurationKeyName("bits")] public int[] Bits { get; set; } = [];
    [ConfigurationKeyName("threshold")] public int[] Threshold { get; set; } = [];
    [ConfigurationKeyName("dropout")] public double[] Dropout { get; set; } = [];
    [ConfigurationKeyName("dropout-round")] public string[] DropoutRound { get; set; } = [];
}
