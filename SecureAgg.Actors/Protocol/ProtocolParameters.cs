namespace SecureAgg.Protocol;

/// <summary>
/// The public parameters of one aggregation. <see cref="Neighbours"/> is null for the complete graph (SecAgg) and k for
/// a Harary k-regular graph (SecAgg+); the threshold then applies within each closed neighbourhood (k + 1 clients).
/// </summary>
public sealed record ProtocolParameters
{
    public const int MinBits = 8;
    public const int MaxBits = 62;
    public const int DefaultBits = 32;
    public const int MaxClients = 100_000;
    // 2^26 words: 512 MiB per 64-bit vector, well past any model update and inside one PRG stream's limits.
    public const int MaxVectorLength = 1 << 26;

    public ProtocolParameters(int clientCount, int threshold, int bits, int vectorLength, SecurityMode mode = SecurityMode.SemiHonest, int? neighbours = null)
    {
        ClientCount = clientCount;
        Threshold = threshold;
        Bits = bits;
        VectorLength = vectorLength;
        Mode = mode;
        Neighbours = neighbours;
        Validate();
    }

    public int ClientCount { get; }
    public int Threshold { get; }
    public int Bits { get; }
    public int VectorLength { get; }
    public SecurityMode Mode { get; }
    public int? Neighbours { get; }

    /// <summary>Size of every closed neighbourhood: n for the complete graph, k + 1 for SecAgg+.</summary>
    public int NeighbourhoodSize => IsComplete ? ClientCount : Neighbours!.Value + 1;

    public bool IsComplete => Neighbours is null || Neighbours.Value >= ClientCount - 1;

    public ulong Modulus => 1UL << Bits;

    public ulong WordMask => Modulus - 1;

    /// <summary>
    /// Default threshold ⌊2s/3⌋ + 1 over a neighbourhood of s clients. Semi-honest security needs t &gt; s/2 (a server
    /// cannot collect both b_u and s_sk_u shares of one client); the active argument of Bonawitz et al. (Thm. 6.5)
    /// needs t &gt; 2s/3 plus a third of the corrupted clients, so 2s/3 + 1 is the smallest value that serves both with
    /// no corrupted clients and leaves room for about a third of the clients to drop.
    /// </summary>
    public static int DefaultThreshold(int neighbourhoodSize) => 2 * neighbourhoodSize / 3 + 1;

    public static ProtocolParameters WithDefaults(int clientCount, int vectorLength, int bits = DefaultBits, SecurityMode mode = SecurityMode.SemiHonest, int? neighbours = null, int? threshold = null)
    {
        var size = neighbours is null || neighbours.Value >= clientCount - 1 ? clientCount : neighbours.Value + 1;
        return new ProtocolParameters(clientCount, threshold ?? DefaultThreshold(size), bits, vectorLength, mode, neighbours);
    }

    private void Validate()
    {
        if (ClientCount < 2 || ClientCount > MaxClients)
            throw new ArgumentException($"Client count n = {ClientCount} must be between 2 and {MaxClients}.");
        if (Bits < MinBits || Bits > MaxBits)
            throw new ArgumentException($"Word size b = {Bits} bits must be between {MinBits} and {MaxBits} (R = 2^b).");
        if (VectorLength < 1 || VectorLength > MaxVectorLength)
            throw new ArgumentException($"Vector length m = {VectorLength} must be between 1 and {MaxVectorLength}.");
        if (Neighbours is { } k)
        {
            if (k < 2)
                throw new ArgumentException($"SecAgg+ needs at least 2 neighbours per client, got k = {k}.");
            if (k < ClientCount - 1 && k % 2 == 1 && ClientCount % 2 == 1)
                throw new ArgumentException($"A k-regular Harary graph with odd k = {k} needs an even client count, got n = {ClientCount}.");
        }
        if (Threshold < 2)
            throw new ArgumentException($"Threshold t = {Threshold} must be at least 2 (t = 1 would let any single share reveal a secret).");
        if (Threshold > NeighbourhoodSize)
            throw new ArgumentException(IsComplete
                ? $"Threshold t = {Threshold} exceeds the client count n = {ClientCount}."
                : $"Threshold t = {Threshold} exceeds the neighbourhood size k + 1 = {NeighbourhoodSize}.");
        if (2 * Threshold <= NeighbourhoodSize)
            throw new ArgumentException($"Threshold t = {Threshold} must exceed half the neighbourhood ({NeighbourhoodSize}): with t ≤ s/2 a server could gather both the self-mask and the mask-key shares of one client.");
    }
}
