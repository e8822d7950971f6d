using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Configuration;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// The <c>secagg.client</c> block as written (hocon/client.hocon documents every key): built-in defaults here, the
/// file and the typed flags over them through <see cref="OptionsBinder"/>.
/// </summary>
public sealed class ClientOptions
{
    public const string Block = "secagg.client";

    [ConfigurationKeyName("seed-nodes")] public string[] SeedNodes { get; set; } = [];

    [ConfigurationKeyName("clients"), Range(1, 10_000, ErrorMessage = "{0} must be between {1} and {2} client actors per node")]
    public int Clients { get; set; } = 1;

    [ConfigurationKeyName("hostname"), HostName] public string Hostname { get; set; } = "127.0.0.1";
    [ConfigurationKeyName("public-hostname"), HostName(allowEmpty: true)] public string PublicHostname { get; set; } = "";

    [ConfigurationKeyName("port"), Range(0, 65535, ErrorMessage = "{0} is not a TCP port (0 = any free port)")]
    public int Port { get; set; }

    [ConfigurationKeyName("name")] public string Name { get; set; } = "";
    [ConfigurationKeyName("server-wait"), Positive] public Duration ServerWait { get; set; } = new(TimeSpan.FromMinutes(2));
    [ConfigurationKeyName("answer-delay"), Positive(allowZero: true)] public Duration AnswerDelay { get; set; }
    [ConfigurationKeyName("trusted-keys")] public string TrustedKeys { get; set; } = "";

    /// <summary>This node's TLS certificate with its key (NAME.pfx from secagg pki).</summary>
    [ConfigurationKeyName("certificate")] public string Certificate { get; set; } = "";

    /// <summary>The deployment CA (ca.crt from secagg pki): peers must present a certificate it issued.</summary>
    [ConfigurationKeyName("ca")] public string Authority { get; set; } = "";

    /// <summary>Plain TCP between nodes, without TLS or authentication (tests on one machine; never a deployment).</summary>
    [ConfigurationKeyName("insecure-transport")] public Switch InsecureTransport { get; set; }
    [ConfigurationKeyName("identity-dir")] public string IdentityDir { get; set; } = "";
    [ConfigurationKeyName("server-key")] public string ServerKey { get; set; } = "";

    [ConfigurationKeyName("min-session-clients"), Range(2, ProtocolParameters.MaxClients, ErrorMessage = "{0} must be between {1} and {2} clients")]
    public int MinSessionClients { get; set; } = ClientSessionPolicy.DefaultMinSessionClients;

    [ConfigurationKeyName("log-level"), OneOf("DEBUG", "INFO", "WARNING", "ERROR", IgnoreCase = true)]
    public string LogLevel { get; set; } = "WARNING";
}
