using Akka.Configuration;
using SecureAgg.Host.Pki;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Composition;

/// <summary>
/// What a cluster node's ActorSystem is built from: its role, where it listens and how others reach it, the akka.*
/// overrides of its HOCON file, its log level, (the server) its journal, and its mutual TLS (null: plain TCP, which
/// the commands allow only with --insecure-transport). <see cref="MaximumFrameSize"/>, when given, is the node's frame
/// size over everything else (the server's, derived from its sessions).
/// </summary>
public sealed record ClusterNodeSettings(
    string Role,
    string Hostname,
    string? PublicHostname,
    int Port,
    Config? File,
    string LogLevel,
    JournalTarget? Journal = null,
    int MaxVectorLength = 1 << 24,
    TransportSecurity? Tls = null,
    long? MaximumFrameSize = null,
    TimeSpan? JournalOutage = null);
