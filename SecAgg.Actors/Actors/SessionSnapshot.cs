using SecAgg.Protocol;
using SecAgg.Protocol.Messages;
using SecAgg.Serialization;

namespace SecAgg.Actors;

/// <summary>A server session actor's snapshot: the session's state and the requests of its current phase.</summary>
public sealed record SessionSnapshot(ServerSessionState State, IReadOnlyList<IServerMessage> LastOutgoing) : IWireMessage;
