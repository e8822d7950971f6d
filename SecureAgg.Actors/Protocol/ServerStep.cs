using SecureAgg.Protocol.Messages;

namespace SecureAgg.Protocol;

/// <summary>
/// What the server does after one message or one round's close: the messages to send, a rejected message's error
/// (nothing was applied), or the session's end: <see cref="Abort"/> or the <see cref="Aggregate"/>.
/// </summary>
public sealed record ServerStep(IReadOnlyList<IServerMessage> Messages, ProtocolError? Rejection, ProtocolError? Abort, ulong[]? Aggregate)
{
    public static readonly ServerStep Accepted = new([], null, null, null);

    public static ServerStep Send(IReadOnlyList<IServerMessage> messages) => new(messages, null, null, null);
    public static ServerStep Reject(ProtocolError error) => new([], error, null, null);
    public static ServerStep Aborted(ProtocolError error) => new([], null, error, null);
    public static ServerStep Completed(ulong[] aggregate) => new([], null, null, aggregate);
}
