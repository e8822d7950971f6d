using SecureAgg.Host.Sizing;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Bench;

/// <summary>
/// The memory a bench round needs: every client's words about four times over (its input, its masked input at the
/// server, the mask expansion, the garbage between collections; measured 18 to 30 bytes a word), and per pair of
/// neighbours their shared key, the two encrypted Shamir shares the server forwards and the shares held (measured
/// about 700 bytes a pair at n = 200 to 800), plus the runtime.
/// </summary>
public static class BenchMemory
{
    public const double BytesPerWord = 32;
    public const double BytesPerPair = 1024;
    public const double Runtime = 150 << 20;

    public static MemoryEstimate Of(ProtocolParameters p)
    {
        double words = (double)p.ClientCount * p.VectorLength;
        double pairs = (double)p.ClientCount * (p.NeighbourhoodSize - 1);
        return new MemoryEstimate(words * BytesPerWord + pairs * BytesPerPair + Runtime,
            $"n = {p.ClientCount:N0} clients × m = {p.VectorLength:N0} words × {BytesPerWord} B + {pairs:N0} neighbour pairs × {BytesPerPair} B");
    }
}
