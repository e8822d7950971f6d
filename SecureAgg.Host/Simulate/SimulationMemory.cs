using SecureAgg.Host.Bench;
using SecureAgg.Host.Sizing;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Simulate;

/// <summary>
/// The memory a simulate run needs: a round holds what a bench round does (<see cref="BenchMemory"/>; measured for
/// the actors too: 28 bytes a word and about 820 bytes a pair), one round at a time. The in-memory journal keeps every
/// round's accepted messages, the masked inputs among them (measured: m × 8 bytes per client and round), until the end.
/// </summary>
public static class SimulationMemory
{
    public const double JournalledBytesPerPair = 256;

    public static MemoryEstimate Of(SimulationConfig settings)
    {
        // The largest neighbourhood of the experiments (SecAgg+ picks k from each one's dropout rate).
        var p = settings.Experiments().Select(e => settings.Parameters(e.Dropouts.Rounds.Values.Sum(d => d.Probability))).MaxBy(q => q.NeighbourhoodSize)!;
        var round = BenchMemory.Of(p);
        if (settings.JournalTarget().Kind != JournalKind.Memory)
            return round;
        double rounds = (double)settings.Rounds * settings.Experiments().Count;
        double words = (double)p.ClientCount * p.VectorLength;
        double pairs = (double)p.ClientCount * (p.NeighbourhoodSize - 1);
        return new MemoryEstimate(round.Bytes + rounds * (words * 8 + pairs * JournalledBytesPerPair),
            $"{round.Breakdown}, and the in-memory journal's {rounds:N0} rounds × (words × 8 B + pairs × {JournalledBytesPerPair} B)");
    }
}
