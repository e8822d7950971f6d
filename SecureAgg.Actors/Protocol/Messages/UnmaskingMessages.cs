using SecureAgg.Crypto;

namespace SecureAgg.Protocol.Messages;

/// <summary>A U4 member's signature over U3, forwarded so that each client can check everyone saw the same U3.</summary>
public sealed record SurvivorSignature(int Signer, byte[] Signature);

/// <summary>
/// Round 4, server → client: within the recipient's closed neighbourhood, the survivors (U3: reveal shares of b) and
/// the dropped (U2 \ U3: reveal shares of s_sk); in active mode also the U4 signatures over U3.
/// </summary>
public sealed record UnmaskRequest(SessionId Session, int Recipient, int[] Survivors, int[] Dropped, IReadOnlyList<SurvivorSignature> Signatures) : IServerMessage
{
    public ProtocolRound Round => ProtocolRound.Unmasking;
}

/// <summary>A Shamir share of one client's secret: five field elements.</summary>
public sealed record RevealedShare(int Owner, ulong[] Share);

/// <summary>Round 4, client → server: shares of b_v for the survivors and of s_sk_v for the dropped.</summary>
public sealed record UnmaskResponse(SessionId Session, int Sender, IReadOnlyList<RevealedShare> SelfMaskShares, IReadOnlyList<RevealedShare> MaskingKeyShares) : IClientMessage
{
    public ProtocolRound Round => ProtocolRound.Unmasking;
}
