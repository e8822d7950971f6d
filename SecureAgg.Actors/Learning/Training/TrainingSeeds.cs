using SecureAgg.Learning.Federated;
using SecureAgg.Protocol;

namespace SecureAgg.Learning.Training;

/// <summary>
/// The per-round, per-client seeds and the word size of secure FedAvg, shared by the single-process trainer and the
/// cluster's clients and server, so both runs draw the same mini-batches and the same rounding and agree exactly.
/// </summary>
public static class TrainingSeeds
{
    /// <summary>The shuffle seed of a client's local epochs in a round.</summary>
    public static int LocalShuffle(int seed, int round, int clientId) => seed * 7919 + round * 131 + clientId;

    /// <summary>The seed of a client's stochastic rounding in a round (rounding randomness is not secret).</summary>
    public static int Quantization(int seed, int round, int clientId) => unchecked(seed * 1_000_003 + round * 1_009 + clientId);

    /// <summary>The word size b that holds the sum of n updates quantised to q bits, and at least the protocol's minimum.</summary>
    public static int WordBits(int clientCount, int quantizationBits) =>
        Math.Max(ProtocolParameters.MinBits, UpdateQuantizer.RequiredBits(clientCount, quantizationBits));
}
