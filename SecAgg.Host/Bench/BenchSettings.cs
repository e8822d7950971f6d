using SecAgg.Protocol;

namespace SecAgg.Host.Bench;

public sealed record BenchSettings(
    int Clients, int Length, int Bits, int? Threshold, double Dropout, ProtocolRound DropoutRound,
    bool SparseGraph, int? Neighbours, SecurityMode Mode, int Seed, bool Parallel)
{
    public string ProtocolName => SparseGraph ? "secagg+" : "secagg";

    public ProtocolParameters ToParameters()
    {
        int? k = null;
        if (SparseGraph)
            k = Neighbours ?? DefaultNeighbours(Clients);
        else if (Neighbours is not null)
            throw new ArgumentException("--neighbours applies to --protocol secagg+ only.");
        return ProtocolParameters.WithDefaults(Clients, Length, Bits, Mode, k, Threshold);
    }

    /// <summary>An even k near 3·log2(n), the O(log n) degree of Bell et al.; at least 4.</summary>
    public static int DefaultNeighbours(int clients)
    {
        var k = (int)Math.Ceiling(3 * Math.Log2(Math.Max(clients, 2)));
        k += k % 2;
        return Math.Max(4, k);
    }
}
