using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Actors;

/// <summary>What the server session actor writes to its journal before acting; replaying them rebuilds the session.</summary>
public interface ISessionJournalEvent : IWireMessage;

/// <summary>A client message the server validated and is about to apply.</summary>
public sealed record ClientMessageAccepted(IClientMessage Message) : ISessionJournalEvent;

/// <summary>The deadline of <paramref name="Phase"/> passed (or everyone answered): the survivor set is fixed.</summary>
public sealed record RoundClosed(ServerPhase Phase) : ISessionJournalEvent;
