using SecureAgg.Actors.InProcess;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Configuration;
using SecureAgg.Persistence;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// A cell's aggregation over the actors of <c>secagg simulate</c> (<see cref="ActorSimulation"/> on one
/// <see cref="InProcessNode"/> for the whole grid): dropped clients fall silent and the server finds them by its
/// deadline, so a phase with a dropout lasts the round timeout.
/// </summary>
public sealed class ActorCellRunner(InProcessNode node, TimeSpan roundTimeout) : ICellRunner
{
    public static async Task<ActorCellRunner> StartAsync(JournalTarget journal, JournalIntegrity? integrity, int maxLength, TimeSpan roundTimeout,
        CancellationToken cancellation) =>
        new(await InProcessNode.StartAsync(new InProcessSystemSettings(journal, maxLength, Integrity: integrity), cancellation), roundTimeout);

    public async Task<RunOutcome> RunAsync(ExperimentCell cell, ProtocolParameters parameters, int seed, CancellationToken cancellation)
    {
        var simulation = new ActorSimulation(new SimulationSettings(parameters, 1, cell.Schedule(), roundTimeout, seed), node.Coordinator);
        var result = await simulation.RunRoundAsync(1, cancellation: cancellation);
        var report = result.Report;
        // The infrastructure failing is no protocol outcome: the cell is not recorded and the run stops.
        if (report.AbortReason is IInfrastructureFailure failure)
            throw new InfrastructureFailedException(((ProtocolError)failure).Message);
        var survivors = report.Survivors.Select(u => u.Length).ToArray();
        var n = parameters.ClientCount;
        return new RunOutcome(seed, report.Completed, result.Verified, report.AbortReason?.Message, survivors, result.Dropouts.StopsAt.Count,
            RunOutcome.FellBelowPlan(survivors, result.Dropouts, n),
            report.Rounds.GroupBy(r => r.Phase).ToDictionary(g => RoundNames.Of(g.Key), g => g.Sum(r => r.Elapsed.TotalMilliseconds)),
            (double)report.Rounds.Sum(r => r.BytesReceived) / n, (double)report.Rounds.Sum(r => r.BytesSent) / n, report.Elapsed.TotalMilliseconds);
    }

    public ValueTask DisposeAsync() => node.DisposeAsync();
}
