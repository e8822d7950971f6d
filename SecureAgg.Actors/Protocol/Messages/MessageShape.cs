namespace SecureAgg.Protocol.Messages;

/// <summary>
/// Null checks for messages built in-process (the wire codec never produces nulls), so a malformed message is a typed
/// rejection instead of a NullReferenceException deep in a session.
/// </summary>
public static class MessageShape
{
    public static bool HasMissingParts(IProtocolMessage message) => message switch
    {
        AdvertiseKeys keys => MissingKeys(keys),
        KeysAdvertised broadcast => broadcast.Keys is null || broadcast.Keys.Any(k => k is null || MissingKeys(k)),
        ShareKeys shares => shares.Shares is null || shares.Shares.Any(s => s?.Ciphertext is null),
        SharesForwarded forwarded => forwarded.Shares is null || forwarded.Shares.Any(s => s?.Ciphertext is null),
        MaskedInput input => input.Vector is null,
        ConsistencyCheckRequest request => request.MaskedInputSenders is null,
        ConsistencySignature signature => signature.Signature is null,
        UnmaskRequest request => request.Survivors is null || request.Dropped is null || request.Signatures is null
                                 || request.Signatures.Any(s => s?.Signature is null),
        UnmaskResponse response => response.SelfMaskShares is null || response.MaskingKeyShares is null
                                   || response.SelfMaskShares.Concat(response.MaskingKeyShares).Any(s => s?.Share is null),
        _ => false,
    };

    private static bool MissingKeys(AdvertiseKeys keys) => keys.EncryptionPublicKey is null || keys.MaskingPublicKey is null;
}
