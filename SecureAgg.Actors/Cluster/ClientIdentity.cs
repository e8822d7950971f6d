using SecureAgg.Crypto;

namespace SecureAgg.Actors.Cluster;

/// <summary>A client's long-term signing key and the trusted keys of everyone, for active-mode sessions.</summary>
public sealed record ClientIdentity(SigningKeyPair SigningKey, TrustedKeys Trusted);
