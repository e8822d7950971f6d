using Akka.Actor;
using SecureAgg.Actors.InProcess;
using SecureAgg.Learning.Training;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Actors.Training;

/// <summary>
/// The clients' feature moments (count, Σx, Σx²) summed through one secure-aggregation session, as fixed-point words
/// mod 2^62: the server learns the pooled mean and variance and nothing about any one client's data.
/// </summary>
public static class SecureMomentSum
{
    /// <param name="coordinator">The <see cref="AggregationCoordinator"/> of the ActorSystem the host built (journal included).</param>
    public static async Task<double[]> SumAsync(IReadOnlyList<double[]> vectors, IActorRef coordinator, int seed, TimeSpan roundTimeout,
        CancellationToken cancellation = default)
    {
        var codec = new FixedPointCodec();
        var words = vectors.Select(v => codec.Encode(v)).ToArray();
        var parameters = ProtocolParameters.WithDefaults(vectors.Count, vectors[0].Length, codec.Bits);
        var settings = new SimulationSettings(parameters, 1, DropoutSchedule.None, roundTimeout, seed);
        var report = await new ActorSimulation(settings, coordinator).AggregateAsync(parameters, new ProvidedClientInputs(words), DropoutPlan.None, seed,
            cancellation: cancellation);
        if (report.Aggregate is not { } aggregate || report.Survivors[2].Length != vectors.Count)
            throw new InvalidOperationException($"The secure sum of feature moments did not include every client: {report.AbortReason?.Message ?? "some dropped"}.");
        return codec.Decode(aggregate);
    }
}
