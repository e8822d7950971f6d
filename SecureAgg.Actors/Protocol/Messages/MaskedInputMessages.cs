using SecureAgg.Crypto;

namespace SecureAgg.Protocol.Messages;

/// <summary>Round 2, client → server: y_u, m words each below R.</summary>
public sealed record MaskedInput(SessionId Session, int Sender, ulong[] Vector) : IClientMessage
{
    public ProtocolRound Round => ProtocolRound.MaskedInputCollection;
}
