using SecureAgg.Crypto;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// A client's side of the server's identity: the public key from its own configuration (never from the network).
/// A control message counts only if it is a signed control message, for this client, verified with this key; anything
/// else is ignored, whoever sent it and whatever role its node claims.
/// </summary>
public sealed class PinnedServer
{
    private static readonly HashSet<string> ControlManifests =
    [
        ClusterWireCodec.ChallengeManifest, ClusterWireCodec.RegisteredManifest, ClusterWireCodec.AssignmentManifest,
        ClusterWireCodec.EndedManifest, ClusterWireCodec.FinishedManifest,
    ];

    public PinnedServer(byte[] publicKey)
    {
        if (publicKey.Length != SigningKeyPair.KeySize)
            throw new ArgumentException($"A server's Ed25519 public key has {SigningKeyPair.KeySize} bytes, got {publicKey.Length}.");
        PublicKey = publicKey;
    }

    public byte[] PublicKey { get; }

    /// <summary>Why <paramref name="signed"/> is not a control message from the pinned server to <paramref name="recipient"/>, or null.</summary>
    public string? Problem(SignedControl signed, string recipient)
    {
        if (!ControlManifests.Contains(signed.Manifest))
            return $"'{signed.Manifest}' is not a control message";
        if (signed.Recipient != recipient)
            return $"it is addressed to {signed.Recipient}";
        var payload = ControlSignatures.Control(signed.Server, signed.Incarnation, signed.Recipient, signed.Session, signed.Manifest, signed.Body);
        return SigningKeyPair.Verify(PublicKey, payload, signed.Signature) ? null : "its signature does not verify with the pinned server key";
    }

    /// <summary>What this client signs to answer a challenge of the server run that sent <paramref name="signed"/>.</summary>
    public byte[] RegistrationPayload(SignedControl signed, RegistrationChallenge challenge, string node) =>
        ControlSignatures.Registration(PublicKey, signed.Server, signed.Incarnation, challenge.Challenge, challenge.Name, node);
}
