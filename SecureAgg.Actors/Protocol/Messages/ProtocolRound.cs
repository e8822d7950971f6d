namespace SecureAgg.Protocol.Messages;

/// <summary>The protocol's rounds, numbered as in Bonawitz et al.</summary>
public enum ProtocolRound
{
    AdvertiseKeys = 0,
    ShareKeys = 1,
    MaskedInputCollection = 2,
    ConsistencyCheck = 3,
    Unmasking = 4,
}
