using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Actors.InProcess;

/// <summary>Settings of a single-process simulation: n client actors and a server session actor per aggregation.</summary>
public sealed record SimulationSettings(
    ProtocolParameters Parameters,
    int Rounds,
    DropoutSchedule Dropouts,
    TimeSpan RoundTimeout,
    JournalTarget Journal,
    int Seed,
    bool VerifySerialization = false,
    ServerPhase? CrashServerAfter = null,
    string LogLevel = "WARNING",
    long SnapshotAfterBytes = ServerSessionSettings.DefaultSnapshotAfterBytes);
