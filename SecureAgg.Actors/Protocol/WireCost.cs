using System.Numerics;
using SecureAgg.Crypto;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Protocol;

/// <summary>What one client uploads and downloads in one round, in <see cref="ProtocolCodec"/> bytes.</summary>
public sealed record RoundWireCost(ProtocolRound Round, long Upload, long Download);

/// <summary>
/// The exact bytes one client puts on (and takes off) the wire in each round of one aggregation, for the protocol's
/// own encoding (<see cref="ProtocolCodec"/>, transport framing not counted), computed without running the protocol:
/// messages of exactly the shapes the sessions produce are built with placeholder contents (keys, signatures and
/// ciphertexts of the real lengths, shares of <see cref="ShamirSecretSharing.ChunksPerSecret"/> words, a masked vector
/// of m words whose largest is R − 1) and sized with <see cref="ProtocolCodec.EncodedSize"/>. Costs O(n + m) time and
/// one m-word vector of memory.
/// <para>
/// The client is one that finishes every round. All n clients get through ShareKeys; <see cref="Dropouts"/> clients
/// then vanish before sending their masked input (U2 \ U3, the dropouts the unmasking has to repair), of which
/// <see cref="NeighbourDropouts"/> are this client's neighbours; no one drops in ConsistencyCheck. Clients that drop
/// after sending their masked input change nothing for the others. The masked vector is packed at b bits: the codec
/// packs at the width of the largest word, which for m uniform words mod 2^b is b except with probability 2^−m.
/// </para>
/// <para>
/// <see cref="Rounds"/> lists rounds 0–4 in order (ConsistencyCheck only in active mode); a round's download is the
/// server message of that round, so semi-honest Unmasking's request follows MaskedInputCollection's upload directly.
/// </para>
/// </summary>
public sealed record WireCost(ProtocolParameters Parameters, int InputBits, int Dropouts, int NeighbourDropouts, IReadOnlyList<RoundWireCost> Rounds)
{
    public long Upload => Rounds.Sum(r => r.Upload);

    public long Download => Rounds.Sum(r => r.Download);

    public long Total => Upload + Download;

    /// <summary>The input sent in the clear: m words of <see cref="InputBits"/> bits, bit-packed.</summary>
    public long PlainBytes => ((long)Parameters.VectorLength * InputBits + 7) / 8;

    /// <summary>Bytes uploaded per byte of plain input: the figure Bonawitz et al. call the communication expansion.</summary>
    public double Expansion => (double)Upload / PlainBytes;

    /// <summary>The round's cost; zero for a round this mode does not run.</summary>
    public RoundWireCost For(ProtocolRound round) => Rounds.FirstOrDefault(r => r.Round == round) ?? new RoundWireCost(round, 0, 0);

    /// <summary>
    /// The word size b = inputBits + ⌈log2 n⌉ at which a sum of n inputs of <paramref name="inputBits"/> bits cannot
    /// wrap, raised to <see cref="ProtocolParameters.MinBits"/> if below.
    /// </summary>
    public static int WordBits(int inputBits, int clientCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputBits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clientCount, 1);
        var log2 = clientCount == 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(clientCount - 1));
        return Math.Max(ProtocolParameters.MinBits, inputBits + log2);
    }

    /// <summary>The default neighbour dropouts: all of them on the complete graph, the expected share k·d/(n − 1), rounded, on SecAgg+.</summary>
    public static int ExpectedNeighbourDropouts(ProtocolParameters parameters, int dropouts) =>
        parameters.IsComplete ? dropouts : (int)Math.Round((double)dropouts * parameters.Neighbours!.Value / (parameters.ClientCount - 1), MidpointRounding.AwayFromZero);

    /// <param name="parameters">The session's parameters (b is the word size on the wire).</param>
    /// <param name="inputBits">Bits per plain input word, for <see cref="PlainBytes"/> and <see cref="Expansion"/>.</param>
    /// <param name="dropouts">Clients that send their shares but not their masked input.</param>
    /// <param name="neighbourDropouts">How many of them are this client's neighbours (default <see cref="ExpectedNeighbourDropouts"/>).</param>
    public static WireCost Of(ProtocolParameters parameters, int inputBits, int dropouts = 0, int? neighbourDropouts = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputBits, parameters.Bits);
        ArgumentOutOfRangeException.ThrowIfNegative(dropouts);
        if (dropouts > parameters.ClientCount - parameters.Threshold)
            throw new ArgumentOutOfRangeException(nameof(dropouts), dropouts,
                $"{dropouts} dropouts leave fewer than t = {parameters.Threshold} of the {parameters.ClientCount} clients, and the round aborts.");
        var s = parameters.NeighbourhoodSize;
        var local = neighbourDropouts ?? ExpectedNeighbourDropouts(parameters, dropouts);
        if (local < 0 || local > dropouts || (parameters.IsComplete && local != dropouts))
            throw new ArgumentOutOfRangeException(nameof(neighbourDropouts), local, $"Between 0 and the {dropouts} dropouts, and all of them on the complete graph.");
        if (s - local < parameters.Threshold)
            throw new ArgumentOutOfRangeException(nameof(neighbourDropouts), local,
                $"With {local} of its {s} closed neighbourhood dropped, fewer than t = {parameters.Threshold} remain and the round aborts.");

        var active = parameters.Mode == SecurityMode.Active;
        var session = new SessionId(Guid.Empty);
        const int self = 1, peer = 2;
        var signature = new byte[SigningKeyPair.SignatureSize];
        var ciphertext = new byte[ShareEnvelope.CiphertextSize];
        var share = new ulong[ShamirSecretSharing.ChunksPerSecret];
        var survivors = s - local;

        // Round 0: own keys up; the keys of the closed neighbourhood (self included) down.
        var keys = new AdvertiseKeys(session, self, new byte[X25519KeyPair.KeySize], new byte[X25519KeyPair.KeySize], active ? signature : null);
        var keysDown = new KeysAdvertised(session, self, Enumerable.Repeat(keys, s).ToArray());

        // Round 1: one ciphertext for each of the s − 1 other neighbours and the commitment to b up, one ciphertext from each down.
        var sharesUp = new ShareKeys(session, self, Enumerable.Repeat(new EncryptedShare(peer, ciphertext), s - 1).ToArray(), new byte[SeedCommitment.Size]);
        var sharesDown = new SharesForwarded(session, self, Enumerable.Repeat(new ForwardedShare(peer, ciphertext), s - 1).ToArray());

        // Round 2: the masked vector, m words mod R; nothing down (the next request is the following round's).
        var vector = new ulong[parameters.VectorLength];
        vector[^1] = parameters.WordMask;
        var masked = new MaskedInput(session, self, vector);

        // Round 4: survivors and dropped of the neighbourhood (and, active, their U4 signatures) down; one share each up.
        var request = new UnmaskRequest(session, self, new int[survivors], new int[local],
            active ? Enumerable.Repeat(new SurvivorSignature(peer, signature), survivors).ToArray() : []);
        var response = new UnmaskResponse(session, self, Enumerable.Repeat(new RevealedShare(peer, share), survivors).ToArray(),
            Enumerable.Repeat(new RevealedShare(peer, share), local).ToArray());

        var rounds = new List<RoundWireCost>(5)
        {
            Cost(ProtocolRound.AdvertiseKeys, keys, keysDown),
            Cost(ProtocolRound.ShareKeys, sharesUp, sharesDown),
            new(ProtocolRound.MaskedInputCollection, ProtocolCodec.EncodedSize(masked), 0),
        };
        if (active)
        {
            // Round 3: U3 (all of it, not only the neighbourhood) down; a signature over it up.
            var check = new ConsistencyCheckRequest(session, self, new int[parameters.ClientCount - dropouts]);
            rounds.Add(Cost(ProtocolRound.ConsistencyCheck, new ConsistencySignature(session, self, signature), check));
        }
        rounds.Add(Cost(ProtocolRound.Unmasking, response, request));
        return new WireCost(parameters, inputBits, dropouts, local, rounds);
    }

    private static RoundWireCost Cost(ProtocolRound round, IClientMessage up, IServerMessage down) =>
        new(round, ProtocolCodec.EncodedSize(up), ProtocolCodec.EncodedSize(down));
}
