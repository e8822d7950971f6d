using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Learning.Training;

/// <summary>
/// The clients' feature moments (count, Σx, Σx²) summed through one secure-aggregation session, as fixed-point words
/// mod 2^62: the server learns the pooled mean and variance and nothing about any one client's data.
/// </summary>
public static class SecureMomentSum
{
    public static double[] Sum(IReadOnlyList<double[]> vectors, JournalTarget journal, int seed, TimeSpan roundTimeout)
    {
        var codec = new FixedPointCodec();
        var words = vectors.Select(v => codec.Encode(v)).ToArray();
        var parameters = ProtocolParameters.WithDefaults(vectors.Count, vectors[0].Length, codec.Bits);
        var settings = new SimulationSettings(parameters, 1, DropoutSchedule.None, roundTimeout, journal, seed);
        var report = Task.Run(async () =>
        {
            await using var actors = new ActorSimulation(settings);
            return await actors.AggregateAsync(parameters, id => words[id - 1], DropoutPlan.None, seed);
        }).GetAwaiter().GetResult();
        if (report.Aggregate is not { } aggregate || report.Survivors[2].Length != vectors.Count)
            throw new InvalidOperationException($"The secure sum of feature moments did not include every client: {report.AbortReason?.Message ?? "some dropped"}.");
        return codec.Decode(aggregate);
    }
}
