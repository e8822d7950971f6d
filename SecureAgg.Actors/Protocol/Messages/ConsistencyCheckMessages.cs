using SecureAgg.Crypto;

namespace SecureAgg.Protocol.Messages;

/// <summary>Round 3 (active mode), server → client: U3, the clients whose masked inputs arrived, ascending.</summary>
public sealed record ConsistencyCheckRequest(SessionId Session, int Recipient, int[] MaskedInputSenders) : IServerMessage
{
    public ProtocolRound Round => ProtocolRound.ConsistencyCheck;
}

/// <summary>Round 3 (active mode), client → server: the client's signature over (session ‖ U3).</summary>
public sealed record ConsistencySignature(SessionId Session, int Sender, byte[] Signature) : IClientMessage
{
    public ProtocolRound Round => ProtocolRound.ConsistencyCheck;
}
