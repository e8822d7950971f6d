using SecureAgg.Crypto;

namespace SecureAgg.Protocol.Messages;

/// <summary>Round 0, client → server: c_pk and s_pk, signed in active mode.</summary>
public sealed record AdvertiseKeys(SessionId Session, int Sender, byte[] EncryptionPublicKey, byte[] MaskingPublicKey, byte[]? Signature) : IClientMessage
{
    public ProtocolRound Round => ProtocolRound.AdvertiseKeys;
}

/// <summary>Round 0, server → client: the advertised keys of the recipient's closed neighbourhood within U1.</summary>
public sealed record KeysAdvertised(SessionId Session, int Recipient, IReadOnlyList<AdvertiseKeys> Keys) : IServerMessage
{
    public ProtocolRound Round => ProtocolRound.AdvertiseKeys;
}
