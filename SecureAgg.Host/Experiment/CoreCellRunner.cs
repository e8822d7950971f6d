using SecureAgg.Host.Configuration;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// A cell's aggregation with the pure protocol in one process (<see cref="LocalRound"/>, what <c>bench</c> runs): a
/// round closes once every client the plan keeps has answered, so no deadline is waited for and a phase's time is
/// its work (the clients' wall time on all cores plus the server's).
/// </summary>
public sealed class CoreCellRunner : ICellRunner
{
    public Task<RunOutcome> RunAsync(ExperimentCell cell, ProtocolParameters parameters, int seed, CancellationToken cancellation) =>
        Task.Run(() =>
        {
            var plan = cell.Schedule().Draw(parameters.ClientCount, seed, 1);
            var result = LocalRound.Run(parameters, plan, seed);
            var phases = result.Timings.ToDictionary(t => RoundNames.Of((ServerPhase)(int)t.Round), t => t.ClientWallMs + t.ServerMs);
            var survivors = result.Survivors.Select(u => u.Length).ToArray();
            return new RunOutcome(seed, result.Aggregate is not null, result.Verified, result.Abort?.Message, survivors, plan.StopsAt.Count,
                RunOutcome.FellBelowPlan(survivors, plan, parameters.ClientCount), phases,
                (double)result.ClientBytesSent / parameters.ClientCount, (double)result.ServerBytesSent / parameters.ClientCount, result.WallMs);
        }, cancellation);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
