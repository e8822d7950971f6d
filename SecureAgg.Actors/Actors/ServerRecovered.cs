using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Actors;

/// <summary>
/// Sent by a server session actor that restarted from its journal: messages clients sent while it was down are lost,
/// so each client answers again with its last reply if that reply belongs to the current phase.
/// </summary>
public sealed record ServerRecovered(SessionId Session, ServerPhase Phase) : IWireMessage;
