using SecureAgg.Persistence;

namespace SecureAgg.Host.Composition;

/// <summary>
/// The ActorSystem of a single-process run (simulate, train): its journal, the serializer's vector-length cap,
/// whether every in-process message goes through the serializer, and the Akka log level.
/// </summary>
public sealed record InProcessSystemSettings(
    JournalTarget Journal,
    int MaxVectorLength = 1 << 24,
    bool VerifySerialization = false,
    string LogLevel = "WARNING");
