using Akka.Actor;
using SecAgg.Protocol;

namespace SecAgg.Actors;

/// <summary>The server's timer for one phase; a deadline for a phase that already closed is ignored.</summary>
internal sealed record RoundDeadline(ServerPhase Phase) : INoSerializationVerificationNeeded;
