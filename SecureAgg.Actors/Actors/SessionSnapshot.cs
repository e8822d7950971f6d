using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Actors;

/// <summary>A server session actor's snapshot: the session's state and the requests of its current phase.</summary>
public sealed record SessionSnapshot(ServerSessionState State, IReadOnlyList<IServerMessage> LastOutgoing) : IWireMessage;
