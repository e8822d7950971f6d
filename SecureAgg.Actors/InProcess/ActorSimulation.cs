using Akka.Actor;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Actors.InProcess;

/// <summary>
/// Runs aggregation rounds over real actors in one process through an <see cref="AggregationCoordinator"/> of an
/// ActorSystem the host built (serializer, journal, logging): per round fresh random inputs, a dropout draw and a
/// report checked against the plaintext sum.
/// </summary>
public sealed class ActorSimulation(SimulationSettings settings, IActorRef coordinator)
{
    public async Task<SimulationRoundResult> RunRoundAsync(int round, IActorRef? progressTo = null, CancellationToken cancellation = default)
    {
        var p = settings.Parameters;
        var plan = settings.Dropouts.Draw(p.ClientCount, settings.Seed, round);
        var inputs = new SimulatedClientInputs(settings.Seed, round);
        var report = await AggregateAsync(p, inputs, plan, settings.Seed + round, progressTo, cancellation);
        var verified = report.Aggregate is { } aggregate && report.Survivors.Count > 2
                       && aggregate.AsSpan().SequenceEqual(PlaintextSum.Of(p, report.Survivors[2], id => inputs.For(p, id)));
        return new SimulationRoundResult(round, plan, report, verified);
    }

    /// <summary>
    /// One aggregation of the given inputs (e.g. quantised model updates) over the same actors and journal; the
    /// parameters may differ from the simulation's (the learning job picks clients per round).
    /// </summary>
    public Task<AggregationReport> AggregateAsync(ProtocolParameters parameters, ClientInputs inputs, DropoutPlan dropouts, int seed,
        IActorRef? progressTo = null, CancellationToken cancellation = default)
    {
        var request = new AggregationRequest(parameters, inputs, dropouts, settings.RoundTimeout, seed, settings.CrashServerAfter, progressTo,
            settings.SnapshotAfterBytes);
        // Five rounds, each at most one timeout, plus slack for recovery and the final computation.
        var limit = TimeSpan.FromTicks(settings.RoundTimeout.Ticks * 8) + TimeSpan.FromMinutes(1);
        return coordinator.Ask<AggregationReport>(request, limit, cancellation);
    }
}
