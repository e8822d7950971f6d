using Akka.Configuration;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Composition;

/// <summary>
/// What a cluster node's ActorSystem is built from: its role, where it listens and how others reach it, the akka.*
/// overrides of its HOCON file, its log level and (the server) its journal.
/// </summary>
public sealed record ClusterNodeSettings(
    string Role,
    string Hostname,
    string? PublicHostname,
    int Port,
    Config? File,
    string LogLevel,
    JournalTarget? Journal = null,
    int MaxVectorLength = 1 << 24);
