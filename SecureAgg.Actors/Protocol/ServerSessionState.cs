using SecureAgg.Protocol.Messages;

namespace SecureAgg.Protocol;

/// <summary>
/// Everything a <see cref="ServerSession"/> holds between rounds, for snapshots: the masked inputs are folded into one
/// running sum, so a snapshot after MaskedInputCollection is m words instead of |U3|·m. The commitments to b outlive
/// the ShareKeys messages (whose ciphertexts are dropped once forwarded): Unmasking checks each reconstructed b with them.
/// </summary>
public sealed record ServerSessionState(
    ServerPhase Phase,
    IReadOnlyList<int[]> Survivors,
    int[] Expected,
    IReadOnlyList<AdvertiseKeys> Advertised,
    IReadOnlyList<ShareKeys> Shares,
    ulong[] MaskedSum,
    int[] MaskedInputSenders,
    IReadOnlyList<SurvivorSignature> Signatures,
    IReadOnlyList<UnmaskRequest> UnmaskRequests,
    IReadOnlyList<UnmaskResponse> UnmaskResponses,
    IReadOnlyDictionary<int, byte[]> SelfMaskCommitments);
