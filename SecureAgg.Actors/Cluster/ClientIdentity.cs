using SecureAgg.Crypto;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// A client's long-term signing key (it registers with it, and signs with it in active mode) and, for active-mode
/// sessions, the trusted keys of everyone.
/// </summary>
public sealed record ClientIdentity(SigningKeyPair SigningKey, TrustedKeys? Trusted);
