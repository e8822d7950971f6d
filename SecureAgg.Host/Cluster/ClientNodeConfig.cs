using Akka.Actor;
using Akka.Configuration;

namespace SecureAgg.Host.Cluster;

/// <summary>The <c>secagg.client</c> block (hocon/client.hocon documents every key); flags override it.</summary>
public sealed record ClientNodeConfig(
    IReadOnlyList<string> SeedNodes, int Clients, string Hostname, string? PublicHostname, int Port, string? Name, TimeSpan ServerWait, TimeSpan AnswerDelay,
    string LogLevel, string? TrustedKeys = null, string? IdentityDir = null)
{
    public const string Block = "secagg.client";

    public const string Defaults = """
        secagg.client {
          seed-nodes = []
          clients = 1
          hostname = "127.0.0.1"
          public-hostname = ""
          port = 0
          name = ""
          server-wait = 2m
          answer-delay = 0s
          trusted-keys = ""
          identity-dir = ""
          log-level = WARNING
        }
        """;

    private static readonly HashSet<string> Keys = ["seed-nodes", "clients", "hostname", "public-hostname", "port", "name", "server-wait", "answer-delay", "log-level", "trusted-keys", "identity-dir"];

    public static ClientNodeConfig From(Config? file)
    {
        var c = NodeConfigBlock.Read(file, Block, Defaults, Keys);
        if (c.GetValue("seed-nodes") is { } seeds && (seeds.IsString() || seeds.IsObject()))
            throw new ArgumentException($"{Block}.seed-nodes must be a list, e.g. [\"akka.tcp://secagg@server:4053\"].");
        string? Optional(string key) => c.GetString(key) is { Length: > 0 } text ? text : null;
        return NodeConfigBlock.Value(Block, "*", () => new ClientNodeConfig(
            c.GetStringList("seed-nodes")?.ToArray() ?? [], c.GetInt("clients"), c.GetString("hostname"), Optional("public-hostname"), c.GetInt("port"),
            Optional("name"), c.GetTimeSpan("server-wait"), c.GetTimeSpan("answer-delay"), c.GetString("log-level"),
            Optional("trusted-keys"), Optional("identity-dir")));
    }

    public IReadOnlyList<Address> SeedAddresses()
    {
        if (SeedNodes.Count == 0)
            throw new ArgumentException("A client node needs --seed-node akka.tcp://secagg@HOST:PORT (the server node).");
        return SeedNodes.Select(seed =>
        {
            try
            {
                var address = Address.Parse(seed);
                // Address.Parse leaves the port at -1 when the URI has none.
                if (address.Protocol != "akka.tcp" || string.IsNullOrEmpty(address.Host) || address.Port is null or <= 0 or > 65535
                    || address.System != Actors.Cluster.ClusterAkkaConfig.SystemName)
                    throw new UriFormatException("needs the akka.tcp scheme, system secagg, a host and a port");
                return address;
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
        NodeConfigBlock.CheckLogLevel(LogLevel);
        if (Name is { } name && name.Contains('/'))
            throw new ArgumentException($"name '{name}' must not contain '/'.");
        SeedAddresses();
        if ((TrustedKeys is null) != (IdentityDir is null))
            throw new ArgumentException("Active-mode identities need both trusted-keys (the public key file) and identity-dir (this node's private keys).");
    }

    /// <summary>Each client's signing key and the trusted keys, when configured; a missing or mismatched key stops the start.</summary>
    public IReadOnlyDictionary<string, Actors.Cluster.ClientIdentity>? LoadIdentities(IReadOnlyList<string> clientNames)
    {
        if (TrustedKeys is null || IdentityDir is null)
            return null;
        var trusted = Actors.Cluster.TrustedKeys.Load(TrustedKeys);
        return clientNames.ToDictionary(name => name, name => new Actors.Cluster.ClientIdentity(trusted.LoadPrivateKey(IdentityDir, name), trusted));
    }
}
