using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Simulate;

/// <summary>
/// The <c>secagg.simulation</c> block as written (hocon/simulation.hocon documents every key): its built-in defaults
/// are these initial values; the file, then the typed flags, override them through <see cref="OptionsBinder"/>.
/// </summary>
public sealed class SimulationOptions
{
    public const string Block = "secagg.simulation";

    [ConfigurationKeyName("clients"), Range(2, ProtocolParameters.MaxClients, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Clients { get; set; } = 20;

    [ConfigurationKeyName("rounds"), Range(1, 1_000_000, ErrorMessage = "{0} must be at least {1}")]
    public int Rounds { get; set; } = 3;

    [ConfigurationKeyName("length"), Range(1, ProtocolParameters.MaxVectorLength, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Length { get; set; } = 1000;

    [ConfigurationKeyName("bits"), Range(ProtocolParameters.MinBits, ProtocolParameters.MaxBits, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Bits { get; set; } = ProtocolParameters.DefaultBits;

    [ConfigurationKeyName("threshold"), Range(0, ProtocolParameters.MaxClients, ErrorMessage = "{0} must be 0 (the default ⌊2s/3⌋+1) or a client count")]
    public int Threshold { get; set; }

    [ConfigurationKeyName("protocol"), OneOf("secagg", "secagg+")]
    public string Protocol { get; set; } = "secagg";

    [ConfigurationKeyName("neighbours"), Range(0, ProtocolParameters.MaxClients, ErrorMessage = "{0} must be 0 (the smallest safe k) or a neighbour count")]
    public int Neighbours { get; set; }

    [ConfigurationKeyName("security"), OneOf("semi-honest", "active")]
    public string Security { get; set; } = "semi-honest";

    /// <summary>The key's name before <c>security</c>; refused with the new name rather than silently ignored.</summary>
    [ConfigurationKeyName("mode"), RenamedTo("security")]
    public string? Mode { get; set; }

    [ConfigurationKeyName("round-timeout"), Positive]
    public Duration RoundTimeout { get; set; } = new(TimeSpan.FromSeconds(2));

    [ConfigurationKeyName("seed")]
    public int Seed { get; set; } = 1;

    [ConfigurationKeyName("journal")]
    public string Journal { get; set; } = "";

    /// <summary>"" = OUT/journal.key (made when missing).</summary>
    [ConfigurationKeyName("journal-key")]
    public string JournalKey { get; set; } = "";

    [ConfigurationKeyName("out")]
    public string Out { get; set; } = "out/simulate";

    [ConfigurationKeyName("serialize-messages")]
    public Switch SerializeMessages { get; set; }

    [ConfigurationKeyName("keep-events")]
    public Switch KeepEvents { get; set; }

    [ConfigurationKeyName("dropout")]
    public DropoutOptions Dropout { get; set; } = new();

    [ConfigurationKeyName("sweep")]
    public double[] Sweep { get; set; } = [];

    [ConfigurationKeyName("sweep-round"), OneOf("advertise", "share", "mask", "consistency", "unmask")]
    public string SweepRound { get; set; } = "mask";
}
