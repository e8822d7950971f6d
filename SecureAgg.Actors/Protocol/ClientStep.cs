using SecureAgg.Protocol.Messages;

namespace SecureAgg.Protocol;

/// <summary>
/// What a client does with one server message: send <see cref="Reply"/>, or report <see cref="Error"/>. An error either
/// rejects the message (the session goes on) or, when <see cref="Aborted"/>, ends the client's session having revealed
/// nothing more.
/// </summary>
public sealed record ClientStep(IClientMessage? Reply, ProtocolError? Error, bool Aborted)
{
    public static ClientStep Send(IClientMessage reply) => new(reply, null, false);
    public static ClientStep Reject(ProtocolError error) => new(null, error, false);
    public static ClientStep Abort(ProtocolError error) => new(null, error, true);
}
