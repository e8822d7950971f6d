using Akka.Configuration;
using SecureAgg.Actors.Cluster;
using SecureAgg.Persistence;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Cluster;

/// <summary>The <c>secagg.server</c> block (hocon/server.hocon documents every key); flags override it.</summary>
public sealed record ServerNodeConfig(
    string Hostname, string? PublicHostname, int Port, string? Journal, int MinClients, TimeSpan JoinTimeout, int Sessions,
    int Length, int Bits, int? Threshold, int? Neighbours, TimeSpan RoundTimeout, int Seed, string Out, string LogLevel, string Name, bool Train, string? Data, int Rounds,
    SecurityMode Mode = SecurityMode.SemiHonest, string? TrustedKeys = null)
{
    public const string Block = "secagg.server";

    public const string Defaults = """
        secagg.server {
          hostname = "127.0.0.1"
          public-hostname = ""
          port = 4053
          journal = ""
          min-clients = 3
          join-timeout = 60s
          sessions = 3
          length = 10000
          bits = 32
          threshold = 0
          neighbours = 0
          round-timeout = 10s
          seed = 1
          out = "out/server"
          log-level = WARNING
          name = secagg
          train = off
          data = ""
          rounds = 40
          mode = semi-honest
          trusted-keys = ""
        }
        """;

    private static readonly HashSet<string> Keys =
    [
        "hostname", "public-hostname", "port", "journal", "min-clients", "join-timeout", "sessions", "length", "bits", "threshold", "neighbours",
        "round-timeout", "seed", "out", "log-level", "name", "train", "data", "rounds", "mode", "trusted-keys",
    ];

    public static ServerNodeConfig From(Config? file)
    {
        var c = NodeConfigBlock.Read(file, Block, Defaults, Keys);
        string? Optional(string key) => c.GetString(key) is { Length: > 0 } text ? text : null;
        int? Positive(string key) => c.GetInt(key) is > 0 and var value ? value : null;
        return NodeConfigBlock.Value(Block, "*", () => new ServerNodeConfig(
            c.GetString("hostname"), Optional("public-hostname"), c.GetInt("port"), Optional("journal"), c.GetInt("min-clients"),
            c.GetTimeSpan("join-timeout"), c.GetInt("sessions"), c.GetInt("length"), c.GetInt("bits"), Positive("threshold"),
            Positive("neighbours"), c.GetTimeSpan("round-timeout"), c.GetInt("seed"), c.GetString("out"), c.GetString("log-level"), c.GetString("name"), c.GetBoolean("train"),
            Optional("data"), c.GetInt("rounds"), ParseMode(c.GetString("mode")), Optional("trusted-keys")));
    }

    public JournalTarget JournalTarget() =>
        Journal is null ? Persistence.JournalTarget.Sqlite(Path.Combine(Out, "journal.db")) : Persistence.JournalTarget.Parse(Journal);

    public ClusterServerSettings ServerSettings(long maximumFrameSize) =>
        new(MinClients, JoinTimeout, Sessions, Length, Bits, Threshold, Neighbours, RoundTimeout, Seed, maximumFrameSize, Name, Mode,
            TrustedKeys is null ? null : Actors.Cluster.TrustedKeys.Load(TrustedKeys));

    public static SecurityMode ParseMode(string mode) => mode switch
    {
        "semi-honest" => SecurityMode.SemiHonest,
        "active" => SecurityMode.Active,
        _ => throw new ArgumentException($"{Block}.mode must be semi-honest or active, got '{mode}'."),
    };

    public void Validate(long maximumFrameSize)
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"port = {Port} is not a TCP port.");
        if (string.IsNullOrWhiteSpace(Hostname))
            throw new ArgumentException("hostname must name the interface to listen on (e.g. 127.0.0.1 or 0.0.0.0).");
        NodeConfigBlock.CheckLogLevel(LogLevel);
        if (Train && Rounds < 1)
            throw new ArgumentException($"rounds = {Rounds}: training needs at least one round.");
        if (!Train)
            ServerSettings(maximumFrameSize).Validate();
        JournalTarget();
    }
}
