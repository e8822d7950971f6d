using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Actors.InProcess;

/// <summary>
/// Settings of the rounds of a single-process simulation: n client actors and a server session actor per aggregation.
/// The ActorSystem's own settings (journal, serialization checks, logging) are the host's.
/// </summary>
public sealed record SimulationSettings(
    ProtocolParameters Parameters,
    int Rounds,
    DropoutSchedule Dropouts,
    TimeSpan RoundTimeout,
    int Seed,
    ServerPhase? CrashServerAfter = null,
    long SnapshotAfterBytes = ServerSessionSettings.DefaultSnapshotAfterBytes);
