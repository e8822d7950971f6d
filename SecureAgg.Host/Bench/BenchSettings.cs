using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Host.Bench;

public sealed record BenchSettings(
    int Clients, int Length, int Bits, int? Threshold, double Dropout, ProtocolRound DropoutRound,
    bool SparseGraph, int? Neighbours, SecurityMode Mode, int Seed, bool Parallel)
{
    public string ProtocolName => SparseGraph ? "secagg+" : "secagg";

    public ProtocolParameters ToParameters()
    {
        int? k = null;
        if (SparseGraph)
            k = Neighbours ?? SecAggPlusDegree.Safe(Clients, Dropout, Threshold);
        else if (Neighbours is not null)
            throw new ArgumentException("--neighbours applies to --protocol secagg+ only.");
        return ProtocolParameters.WithDefaults(Clients, Length, Bits, Mode, k, Threshold);
    }
}
