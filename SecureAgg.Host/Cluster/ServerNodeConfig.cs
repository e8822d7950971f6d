using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Pki;
using SecureAgg.Actors.Cluster;
using SecureAgg.Persistence;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Cluster;

/// <summary>The settings of a server node, from the <c>secagg.server</c> block and the flags (<see cref="ServerOptions"/>).</summary>
public sealed record ServerNodeConfig(
    string Hostname, string? PublicHostname, int Port, string? Journal, int MinClients, TimeSpan JoinTimeout, int Sessions,
    int Length, int Bits, int? Threshold, int? Neighbours, TimeSpan RoundTimeout, int Seed, string Out, string LogLevel, string Name, bool Train, string? Data, int Rounds,
    SecurityMode Mode = SecurityMode.SemiHonest, string? TrustedKeys = null, string? Identity = null, bool OpenEnrolment = false,
    TransportChoice? Transport = null, int MaxClients = ClusterServerSettings.DefaultMaxClients, string? JournalKey = null, bool AcceptUnsealedJournal = false,
    TimeSpan? JournalOutage = null)
{
    public const string Block = ServerOptions.Block;

    /// <summary>The file's block over the built-in defaults (no flags).</summary>
    public static ServerNodeConfig From(Config? file) => Of(Load(file));

    public static ServerOptions Load(Config? file, FlagBindings? flags = null, System.CommandLine.ParseResult? result = null) =>
        SettingsLayers.Bind<ServerOptions>(file, Block, flags, result);

    /// <summary>The one mapping from the block as written to the settings a server node runs with.</summary>
    public static ServerNodeConfig Of(ServerOptions o) => new(
        o.Hostname, Optional(o.PublicHostname), o.Port, Optional(o.Journal), o.MinClients, o.JoinTimeout, o.Sessions, o.Length, o.Bits,
        o.Threshold > 0 ? o.Threshold : null, o.Neighbours > 0 ? o.Neighbours : null, o.RoundTimeout, o.Seed, o.Out, o.LogLevel.ToUpperInvariant(), o.Name,
        o.Train, Optional(o.Data), o.Rounds, o.Security == "active" ? SecurityMode.Active : SecurityMode.SemiHonest, Optional(o.TrustedKeys),
        Optional(o.Identity), o.OpenEnrolment, new TransportChoice(Optional(o.Certificate), Optional(o.Authority), o.InsecureTransport), o.MaxClients,
        Optional(o.JournalKey), o.AcceptUnsealedJournal, o.JournalOutage);

    private static string? Optional(string text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The node's mutual TLS (null: plain TCP, only with insecure-transport).</summary>
    public TransportSecurity? Tls() => (Transport ?? TransportChoice.Unset).Load(Block);

    public JournalTarget JournalTarget() =>
        Journal is null ? Persistence.JournalTarget.Sqlite(Path.Combine(Out, "journal.db")) : Persistence.JournalTarget.Parse(Journal);

    /// <summary>
    /// The coordinator's settings, with the trusted keys, the identity key and the journal key loaded from their files
    /// when given (a missing journal key file is made).
    /// </summary>
    public ClusterServerSettings ServerSettings(long maximumFrameSize) =>
        new(MinClients, JoinTimeout, Sessions, Length, Bits, Threshold, Neighbours, RoundTimeout, Seed, maximumFrameSize, Name, Mode,
            TrustedKeys is null ? null : Actors.Cluster.TrustedKeys.Load(TrustedKeys),
            Identity: Identity is null ? null : IdentityKeys.LoadPrivateKey(Identity), OpenEnrolment: OpenEnrolment, MaxClients: MaxClients,
            JournalKey: JournalKey is null ? null : Persistence.JournalKey.LoadOrCreate(JournalKey), AcceptUnsealedJournal: AcceptUnsealedJournal,
            JournalOutageBudget: JournalOutage);

    /// <summary>Printed when records of an older build are replayed without any check.</summary>
    public const string UnsealedWarning =
        "WARNING: accept-unsealed-journal is on: journal records written without a seal (by builds before journal integrity) are replayed " +
        "UNCHECKED; a bit altered in one of them can change an aggregate. Use it only to finish the sessions of such a journal.";

    /// <summary>
    /// The key material a server cannot run without: its identity (clients ignore a server they cannot verify) and,
    /// unless enrolment is open, the enrolled clients' keys.
    /// </summary>
    public void RequireKeys()
    {
        if (Identity is null)
            throw new ArgumentException("The server needs its identity key: --identity FILE (secagg keys writes server.key; clients pin server.pub with --server-key).");
        if (TrustedKeys is null && !OpenEnrolment)
            throw new ArgumentException("Clients register by proving their enrolled key: --trusted-keys FILE (secagg keys writes trusted-keys.txt), " +
                                        "or --open-enrolment to let any node register under any name (Sybil-prone).");
    }

    /// <summary>
    /// The server's frame size: the file's <c>akka.remote.dot-netty.tcp.maximum-frame-size</c> when it sets one, else
    /// what the largest session of <paramref name="task"/> needs.
    /// </summary>
    public long FrameSize(Config? file, IServerSessionTask task) =>
        file?.HasPath(FrameSizeKey) == true ? ClusterAkkaConfig.MaximumFrameSize(file) : ServerSettings(0).FrameSizeFor(task);

    public const string FrameSizeKey = "akka.remote.dot-netty.tcp.maximum-frame-size";

    public void Validate(long maximumFrameSize)
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"port = {Port} is not a TCP port.");
        if (string.IsNullOrWhiteSpace(Hostname))
            throw new ArgumentException("hostname must name the interface to listen on (e.g. 127.0.0.1 or 0.0.0.0).");
        Composition.NodeLogging.CheckLevelName(LogLevel);
        if (Train && Rounds < 1)
            throw new ArgumentException($"rounds = {Rounds}: training needs at least one round.");
        if (!Train)
            ServerSettings(maximumFrameSize).Validate();
        JournalTarget();
    }
}
