using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// One point of a grid: the axis values every repetition of the cell shares. <paramref name="Neighbours"/> and
/// <paramref name="Threshold"/> are null for their defaults (SecAgg+: the smallest safe k at this dropout rate;
/// t = ⌊2s/3⌋+1 over a neighbourhood of s clients).
/// </summary>
public sealed record ExperimentCell(
    string Protocol, int? Neighbours, SecurityMode Mode, int Clients, int Length, int Bits, int? Threshold, double Dropout, string DropoutRound)
{
    public bool SparseGraph => Protocol == "secagg+";

    public string Security => Mode == SecurityMode.Active ? "active" : "semi-honest";

    /// <summary>The cell's identity in cells.jsonl and in its seeds: every axis value, spelled one way.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"protocol={Protocol} k={(SparseGraph ? Neighbours?.ToString(CultureInfo.InvariantCulture) ?? "auto" : "-")} security={Security} " +
        $"n={Clients} m={Length} b={Bits} t={Threshold?.ToString(CultureInfo.InvariantCulture) ?? "default"} p={Dropout} round={DropoutRound}");

    /// <summary>Each client drops with the cell's probability at the round (or every round) the cell names.</summary>
    public DropoutSchedule Schedule() =>
        new(DropoutRounds.Hit(DropoutRound, Mode).ToDictionary(round => round, _ => new RoundDropout(Dropout, [])));

    /// <summary>The protocol's parameters; SecAgg+ without a k takes the smallest safe one for the session's dropout rate.</summary>
    public ProtocolParameters Parameters()
    {
        int? k = SparseGraph ? Neighbours ?? SecAggPlusDegree.Safe(Clients, Schedule().DropoutRate(Clients), Threshold) : null;
        return ProtocolParameters.WithDefaults(Clients, Length, Bits, Mode, k, Threshold);
    }

    /// <summary>
    /// The seed of repetition <paramref name="repetition"/> (0-based): from the grid's seed, the cell's key and the
    /// repetition, so it depends on neither the order of the axes nor the other cells, and a resumed grid draws the same.
    /// </summary>
    public int Seed(int gridSeed, int repetition)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"secagg experiment {gridSeed} {Key} {repetition}")));
        // Below 2^30: the simulation adds the aggregation's number to the seed.
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(hash) & 0x3FFF_FFFF);
    }
}
