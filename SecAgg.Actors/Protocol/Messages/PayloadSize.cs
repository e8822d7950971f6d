using SecAgg.Crypto;

namespace SecAgg.Protocol.Messages;

/// <summary>
/// Bytes a message needs on a compact binary wire: a header (1-byte type, session, 4-byte client id), 4-byte counts
/// and ids, keys, signatures and ciphertexts as raw bytes, and vector words packed at b bits each. Used to report
/// communication cost the way the SecAgg papers do; framing added by a transport is not counted.
/// </summary>
public static class PayloadSize
{
    private const int Header = 1 + SessionId.Size + 4;
    private const int Count = 4;
    private const int Id = 4;

    public static long Of(IProtocolMessage message, int bits) => Header + message switch
    {
        AdvertiseKeys keys => KeysBody(keys),
        KeysAdvertised broadcast => Count + broadcast.Keys.Sum(k => Id + KeysBody(k)),
        ShareKeys shares => Count + shares.Shares.Sum(s => Id + Count + s.Ciphertext.Length),
        SharesForwarded forwarded => Count + forwarded.Shares.Sum(s => Id + Count + s.Ciphertext.Length),
        MaskedInput input => 1 + Count + ((long)input.Vector.Length * bits + 7) / 8,
        ConsistencyCheckRequest request => Count + Id * request.MaskedInputSenders.Length,
        ConsistencySignature signature => Count + signature.Signature.Length,
        UnmaskRequest request => 3 * Count + Id * (request.Survivors.Length + request.Dropped.Length)
                                 + request.Signatures.Sum(s => Id + Count + s.Signature.Length),
        UnmaskResponse response => 2 * Count + response.SelfMaskShares.Concat(response.MaskingKeyShares).Sum(s => Id + Count + 8 * s.Share.Length),
        _ => throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message)),
    };

    private static int KeysBody(AdvertiseKeys keys) =>
        keys.EncryptionPublicKey.Length + keys.MaskingPublicKey.Length + 1 + (keys.Signature?.Length ?? 0);
}
