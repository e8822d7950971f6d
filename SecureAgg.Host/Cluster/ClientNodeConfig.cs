using Akka.Actor;
using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Pki;

namespace SecureAgg.Host.Cluster;

/// <summary>The settings of a client node, from the <c>secagg.client</c> block and the flags (<see cref="ClientOptions"/>).</summary>
public sealed record ClientNodeConfig(
    IReadOnlyList<string> SeedNodes, int Clients, string Hostname, string? PublicHostname, int Port, string? Name, TimeSpan ServerWait, TimeSpan AnswerDelay,
    string LogLevel, string? TrustedKeys = null, string? IdentityDir = null, string? ServerKey = null,
    int MinSessionClients = Actors.Cluster.ClientSessionPolicy.DefaultMinSessionClients, TransportChoice? Transport = null)
{
    public const string Block = ClientOptions.Block;

    /// <summary>The file's block over the built-in defaults (no flags).</summary>
    public static ClientNodeConfig From(Config? file) => Of(Load(file));

    public static ClientOptions Load(Config? file, FlagBindings? flags = null, System.CommandLine.ParseResult? result = null) =>
        SettingsLayers.Bind<ClientOptions>(file, Block, flags, result);

    /// <summary>The one mapping from the block as written to the settings a client node runs with.</summary>
    public static ClientNodeConfig Of(ClientOptions o) => new(
        o.SeedNodes, o.Clients, o.Hostname, Optional(o.PublicHostname), o.Port, Optional(o.Name), o.ServerWait, o.AnswerDelay, o.LogLevel.ToUpperInvariant(),
        Optional(o.TrustedKeys), Optional(o.IdentityDir), Optional(o.ServerKey), o.MinSessionClients,
        new TransportChoice(Optional(o.Certificate), Optional(o.Authority), o.InsecureTransport));

    private static string? Optional(string text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The node's mutual TLS (null: plain TCP, only with insecure-transport).</summary>
    public TransportSecurity? Tls() => (Transport ?? TransportChoice.Unset).Load(Block);

    /// <summary>
    /// The seed nodes in the scheme of this node's transport: akka.tcp and akka.ssl.tcp are both accepted as written,
    /// and a node with TLS dials akka.ssl.tcp (the scheme Akka gives TLS remoting) whichever was given.
    /// </summary>
    public IReadOnlyList<Address> SeedAddresses(bool tls = true)
    {
        if (SeedNodes.Count == 0)
            throw new ArgumentException("A client node needs --seed-node akka.tcp://secagg@HOST:PORT (the server node).");
        return SeedNodes.Select(seed =>
        {
            try
            {
                var address = Address.Parse(seed);
                // Address.Parse leaves the port at -1 when the URI has none.
                if (address.Protocol is not ("akka.tcp" or "akka.ssl.tcp") || string.IsNullOrEmpty(address.Host) || address.Port is null or <= 0 or > 65535
                    || address.System != Actors.Cluster.ClusterAkkaConfig.SystemName)
                    throw new UriFormatException("needs the akka.tcp (or akka.ssl.tcp) scheme, system secagg, a host and a port");
                if (!HostNameAttribute.IsHostName(address.Host))
                    throw new UriFormatException($"its host '{address.Host}' is not a host name (letters, digits, '-' and '.') or an IP address");
                return new Address(tls ? "akka.ssl.tcp" : "akka.tcp", address.System, address.Host, address.Port);
            }
            catch (Exception error) when (error is UriFormatException or ArgumentException or FormatException)
            {
                throw new ArgumentException($"Seed node '{seed}' is not an address such as akka.tcp://secagg@server:4053 ({error.Message}).");
            }
        }).ToArray();
    }

    public void Validate()
    {
        if (Clients is < 1 or > 10_000)
            throw new ArgumentException($"clients = {Clients} must be between 1 and 10000 client actors per node.");
        if (ServerWait <= TimeSpan.Zero)
            throw new ArgumentException("server-wait must be positive, e.g. 2m.");
        if (AnswerDelay < TimeSpan.Zero)
            throw new ArgumentException("answer-delay must not be negative.");
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"port = {Port} is not a TCP port (0 = any free port).");
        Composition.NodeLogging.CheckLevelName(LogLevel);
        if (Name is { } name && name.Contains('/'))
            throw new ArgumentException($"name '{name}' must not contain '/'.");
        SeedAddresses();
        if (TrustedKeys is not null && IdentityDir is null)
            throw new ArgumentException("Active-mode identities need identity-dir (this node's private keys) with trusted-keys (the public key file).");
        if (MinSessionClients < 2)
            throw new ArgumentException($"min-session-clients = {MinSessionClients}: a session needs at least 2 clients.");
    }

    /// <summary>What the node's agents share: the pinned server key (required), the session policy, the answer delay.</summary>
    public Actors.Cluster.ClientAgentSettings AgentSettings()
    {
        if (ServerKey is null)
            throw new ArgumentException("A client node pins the server's identity: --server-key FILE-or-HEX (secagg keys writes server.pub).");
        return Actors.Cluster.ClientAgentSettings.Of(Actors.Cluster.IdentityKeys.ParsePublicKey(ServerKey), MinSessionClients, AnswerDelay);
    }

    /// <summary>
    /// Each client's signing key from this node's own key folder (with the trusted keys for active mode, checked
    /// against them), when configured; a missing or mismatched key stops the start.
    /// </summary>
    public IReadOnlyDictionary<string, Actors.Cluster.ClientIdentity>? LoadIdentities(IReadOnlyList<string> clientNames)
    {
        if (IdentityDir is null)
            return null;
        var trusted = TrustedKeys is null ? null : Actors.Cluster.TrustedKeys.Load(TrustedKeys);
        return clientNames.ToDictionary(name => name,
            name => new Actors.Cluster.ClientIdentity(Actors.Cluster.TrustedKeys.LoadPrivateKey(IdentityDir, name, trusted), trusted));
    }
}
