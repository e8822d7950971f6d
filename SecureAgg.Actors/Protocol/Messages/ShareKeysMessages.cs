using SecureAgg.Crypto;

namespace SecureAgg.Protocol.Messages;

/// <summary>One ciphertext of (u ‖ v ‖ share of s_sk_u ‖ share of b_u) addressed to v.</summary>
public sealed record EncryptedShare(int Recipient, byte[] Ciphertext);

/// <summary>
/// Round 1, client → server: one encrypted share pair for every other neighbour in U1, and the sender's commitment to
/// its self-mask seed b (<see cref="SeedCommitment"/>), against which the server checks the b it reconstructs. The
/// commitment is null only in a ShareKeys journalled before commitments existed; the server refuses a live one without.
/// </summary>
public sealed record ShareKeys(SessionId Session, int Sender, IReadOnlyList<EncryptedShare> Shares, byte[]? SelfMaskCommitment) : IClientMessage
{
    public ProtocolRound Round => ProtocolRound.ShareKeys;
}

/// <summary>One ciphertext forwarded to its recipient, with the sender it came from.</summary>
public sealed record ForwardedShare(int Sender, byte[] Ciphertext);

/// <summary>Round 1, server → client: the ciphertexts addressed to the recipient; their senders are its view of U2.</summary>
public sealed record SharesForwarded(SessionId Session, int Recipient, IReadOnlyList<ForwardedShare> Shares) : IServerMessage
{
    public ProtocolRound Round => ProtocolRound.ShareKeys;
}
