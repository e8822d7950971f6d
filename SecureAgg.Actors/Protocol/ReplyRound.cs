using SecureAgg.Protocol.Messages;
namespace SecureAgg.Protocol;

public static class ReplyRound
{
    /// <summary>The round of the message a client sends in answer to a server message of the given round.</summary>
    public static ProtocolRound For(ProtocolRound serverMessageRound) => serverMessageRound switch
    {
        ProtocolRound.AdvertiseKeys => ProtocolRound.ShareKeys,
        ProtocolRound.ShareKeys => ProtocolRound.MaskedInputCollection,
        ProtocolRound.ConsistencyCheck => ProtocolRound.ConsistencyCheck,
        _ => ProtocolRound.Unmasking,
    };
}
