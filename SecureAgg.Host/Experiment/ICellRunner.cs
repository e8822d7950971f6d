using SecureAgg.Protocol;

namespace SecureAgg.Host.Experiment;

/// <summary>Runs one aggregation of a cell with a seed: over the actors (<see cref="ActorCellRunner"/>) or the pure core (<see cref="CoreCellRunner"/>).</summary>
public interface ICellRunner : IAsyncDisposable
{
    Task<RunOutcome> RunAsync(ExperimentCell cell, ProtocolParameters parameters, int seed, CancellationToken cancellation);
}
