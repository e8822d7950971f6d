using SecureAgg.Persistence;

namespace SecureAgg.Host.Composition;

/// <summary>
/// The ActorSystem of a single-process run (simulate, train): its journal, the serializer's vector-length cap,
/// whether every in-process message goes through the serializer, and the Akka log level. <paramref name="ExtraConfig"/>
/// lets a test swap the scheduler (deterministic deadlines) without another way to build the system. The journal is
/// sealed under <paramref name="Integrity"/> (null: a key of this system only). A finished session's journal is pruned
/// to its summary unless <paramref name="KeepSessionEvents"/>.
/// </summary>
public sealed record InProcessSystemSettings(
    JournalTarget Journal,
    int MaxVectorLength = 1 << 24,
    bool VerifySerialization = false,
    string LogLevel = "WARNING",
    Akka.Configuration.Config? ExtraConfig = null,
    JournalIntegrity? Integrity = null,
    bool KeepSessionEvents = false);
