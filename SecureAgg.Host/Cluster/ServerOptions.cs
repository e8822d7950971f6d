using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Configuration;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// The <c>secagg.server</c> block as written (hocon/server.hocon documents every key): built-in defaults here, the
/// file and the typed flags over them through <see cref="OptionsBinder"/>.
/// </summary>
public sealed class ServerOptions
{
    public const string Block = "secagg.server";

    [ConfigurationKeyName("hostname"), HostName] public string Hostname { get; set; } = "127.0.0.1";
    [ConfigurationKeyName("public-hostname"), HostName(allowEmpty: true)] public string PublicHostname { get; set; } = "";

    [ConfigurationKeyName("port"), Range(0, 65535, ErrorMessage = "{0} is not a TCP port (0 to 65535)")]
    public int Port { get; set; } = 4053;

    [ConfigurationKeyName("journal")] public string Journal { get; set; } = "";

    /// <summary>"" = a key derived from the identity key; else a key file (made when missing).</summary>
    [ConfigurationKeyName("journal-key")] public string JournalKey { get; set; } = "";

    /// <summary>Replay records written before journal integrity (unsealed, so unchecked): only to finish an older build's sessions.</summary>
    [ConfigurationKeyName("accept-unsealed-journal")] public Switch AcceptUnsealedJournal { get; set; }

    /// <summary>A journal outage this long is ridden out; a longer one fails the session in progress and the server waits ten of these for the journal.</summary>
    [ConfigurationKeyName("journal-outage"), Positive] public Duration JournalOutage { get; set; } = new(Persistence.JournalOutagePolicy.DefaultBudget);

    [ConfigurationKeyName("min-clients"), Range(2, ProtocolParameters.MaxClients, ErrorMessage = "{0} must be at least {1}: a session needs two clients")]
    public int MinClients { get; set; } = 3;

    [ConfigurationKeyName("max-clients"), Range(2, ProtocolParameters.MaxClients, ErrorMessage = "{0} must be between {1} and {2}")]
    public int MaxClients { get; set; } = ClusterServerSettings.DefaultMaxClients;

    [ConfigurationKeyName("join-timeout"), Positive] public Duration JoinTimeout { get; set; } = new(TimeSpan.FromSeconds(60));

    [ConfigurationKeyName("sessions"), Range(0, int.MaxValue, ErrorMessage = "{0} must be 0 (until stopped) or positive")]
    public int Sessions { get; set; } = 3;

    [ConfigurationKeyName("length"), Range(1, ProtocolParameters.MaxVectorLength, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Length { get; set; } = 10_000;

    [ConfigurationKeyName("bits"), Range(ProtocolParameters.MinBits, ProtocolParameters.MaxBits, ErrorMessage = "{0} must be between {1} and {2}")]
    public int Bits { get; set; } = ProtocolParameters.DefaultBits;

    [ConfigurationKeyName("threshold"), Range(0, ProtocolParameters.MaxClients, ErrorMessage = "{0} must be 0 (the default ⌊2s/3⌋+1) or a client count")]
    public int Threshold { get; set; }

    [ConfigurationKeyName("neighbours"), Range(0, ProtocolParameters.MaxClients, ErrorMessage = "{0} must be 0 (the complete graph) or a neighbour count")]
    public int Neighbours { get; set; }

    [ConfigurationKeyName("round-timeout"), Positive] public Duration RoundTimeout { get; set; } = new(TimeSpan.FromSeconds(10));
    [ConfigurationKeyName("seed")] public int Seed { get; set; } = 1;
    [ConfigurationKeyName("out")] public string Out { get; set; } = "out/server";

    [ConfigurationKeyName("log-level"), OneOf("DEBUG", "INFO", "WARNING", "ERROR", IgnoreCase = true)]
    public string LogLevel { get; set; } = "WARNING";

    [ConfigurationKeyName("name")] public string Name { get; set; } = "secagg";
    [ConfigurationKeyName("train")] public Switch Train { get; set; }
    [ConfigurationKeyName("data")] public string Data { get; set; } = "";

    [ConfigurationKeyName("rounds"), Range(1, 1_000_000, ErrorMessage = "{0} must be at least {1}")]
    public int Rounds { get; set; } = 40;

    [ConfigurationKeyName("security"), OneOf("semi-honest", "active")]
    public string Security { get; set; } = "semi-honest";

    [ConfigurationKeyName("mode"), RenamedTo("security")]
    public string? Mode { get; set; }

    [ConfigurationKeyName("trusted-keys")] public string TrustedKeys { get; set; } = "";
    [ConfigurationKeyName("identity")] public string Identity { get; set; } = "";
    [ConfigurationKeyName("open-enrolment")] public Switch OpenEnrolment { get; set; }

    /// <summary>This node's TLS certificate with its key (NAME.pfx from secagg pki).</summary>
    [ConfigurationKeyName("certificate")] public string Certificate { get; set; } = "";

    /// <summary>The deployment CA (ca.crt from secagg pki): peers must present a certificate it issued.</summary>
    [ConfigurationKeyName("ca")] public string Authority { get; set; } = "";

    /// <summary>Plain TCP between nodes, without TLS or authentication (tests on one machine; never a deployment).</summary>
    [ConfigurationKeyName("insecure-transport")] public Switch InsecureTransport { get; set; }
}
