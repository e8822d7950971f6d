namespace SecureAgg.Crypto;

/// <summary>What a derived pairwise key is for; each purpose has its own HKDF label so keys never collide.</summary>
public enum KeyPurpose
{
    ShareEncryption,
    PairwiseMaskSeed,
}
