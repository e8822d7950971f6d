using Akka.Actor;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Actors;

/// <summary>Progress and outcome of one aggregation, sent by the server session actor to whoever runs it.</summary>
public interface ISessionNotice
{
    SessionId Session { get; }
}

/// <summary>
/// A round closed: how many clients answered in time, how long the round took, the encoded bytes of the answers the
/// server accepted in it and of the server's messages that close it (what the serializer puts on the wire).
/// </summary>
public sealed record RoundClosedNotice(SessionId Session, ServerPhase Phase, int Expected, int Survivors, TimeSpan Elapsed, bool ByDeadline,
    long BytesReceived = 0, long BytesSent = 0)
    : ISessionNotice, INoSerializationVerificationNeeded;

/// <summary>A client message that was rejected (late, duplicate, malformed) and ignored.</summary>
public sealed record MessageIgnoredNotice(SessionId Session, int Sender, ProtocolError Reason) : ISessionNotice, INoSerializationVerificationNeeded;

/// <summary>The session finished: Σ_{u∈U3} x_u mod R, and U1..U5.</summary>
public sealed record AggregationCompleted(SessionId Session, ulong[] Aggregate, IReadOnlyList<int[]> Survivors, bool Recovered)
    : ISessionNotice, INoSerializationVerificationNeeded;

/// <summary>The session aborted without revealing any input.</summary>
public sealed record AggregationAborted(SessionId Session, ProtocolError Reason, IReadOnlyList<int[]> Survivors, bool Recovered)
    : ISessionNotice, INoSerializationVerificationNeeded;

/// <summary>A client refused a server request or could not go on; it stops taking part.</summary>
public sealed record ClientRefusedNotice(SessionId Session, int Client, ProtocolError Reason) : ISessionNotice, INoSerializationVerificationNeeded;

// The three notices below go to the actor system's event stream, not to the report target: nobody in production listens,
// and a test that hears them knows when a round waits only for clients that will never answer (its deadline may fire).

/// <summary>A round opened and its deadline started: the server waits for <paramref name="Expected"/> clients.</summary>
public sealed record RoundOpenedNotice(SessionId Session, ServerPhase Phase, int Expected, TimeSpan Deadline)
    : ISessionNotice, INoSerializationVerificationNeeded;

/// <summary>The server journalled and counted a client's answer in <paramref name="Phase"/>.</summary>
public sealed record MessageAcceptedNotice(SessionId Session, ServerPhase Phase, int Sender) : ISessionNotice, INoSerializationVerificationNeeded;

/// <summary>A client with an injected dropout fell silent instead of answering <paramref name="Round"/>.</summary>
public sealed record DropoutInjectedNotice(SessionId Session, int Client, ProtocolRound Round) : ISessionNotice, INoSerializationVerificationNeeded;
