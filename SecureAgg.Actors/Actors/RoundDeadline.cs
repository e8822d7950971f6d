using Akka.Actor;
using SecureAgg.Protocol;

namespace SecureAgg.Actors;

/// <summary>The server's timer for one phase; a deadline for a phase that already closed is ignored.</summary>
internal sealed record RoundDeadline(ServerPhase Phase) : INoSerializationVerificationNeeded;
