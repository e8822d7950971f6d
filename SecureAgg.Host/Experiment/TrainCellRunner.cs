using SecureAgg.Actors.Training;
using SecureAgg.Host.Composition;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Training;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// Trains the runs of a training grid's cells, all on one <see cref="ActivityData"/> built once, and, when the grid
/// has secure cells, over one <see cref="InProcessNode"/> whose coordinator runs every secure round (as
/// <c>secagg train</c> wires it: <see cref="FederatedTrainer"/> with <see cref="SecureAggregator.Over"/>).
/// </summary>
/// <param name="node">Null for a grid of plaintext cells only; disposed with the runner when <paramref name="ownsNode"/>.</param>
public sealed class TrainCellRunner(ActivityData data, InProcessNode? node, bool ownsNode = true) : IAsyncDisposable
{
    /// <summary>
    /// Starts the node if the grid has a secure cell (first: a journal that cannot be used fails before the data is
    /// read), finds (or downloads into the default folder) the data and builds it once: with a secure cell, the global
    /// standardisation comes from the secure sum of the clients' feature moments, as in <c>secagg train</c>, and the
    /// plaintext cells share that data, so cells differ in their axes only. Throws
    /// <see cref="JournalUnavailableException"/> when the journal cannot be used; the data's own errors as they are.
    /// </summary>
    public static async Task<TrainCellRunner> StartAsync(TrainExperimentGrid grid, Action<string> log, CancellationToken cancellation)
    {
        if (!grid.HasSecureCells)
        {
            var location = await HaptDownloader.EnsureAsync(DataLocation.Resolve(grid.Data), log, ct: cancellation);
            return new TrainCellRunner(ActivityDataBuilder.Build(location, grid.Preparation, log), null);
        }
        var journal = JournalTarget.Parse(grid.Journal);
        var (integrity, _) = JournalKeys.ForInProcess(journal, null, grid.Out);
        var node = await InProcessNode.StartAsync(new InProcessSystemSettings(journal, Integrity: integrity), cancellation);
        try
        {
            var location = await HaptDownloader.EnsureAsync(DataLocation.Resolve(grid.Data), log, ct: cancellation);
            var coordinator = node.Coordinator;
            var data = await ActivityDataBuilder.BuildAsync(location, grid.Preparation, log,
                (vectors, ct) => SecureMomentSum.SumAsync(vectors, coordinator, grid.Seed, grid.Training.Timeout, ct), cancellation);
            return new TrainCellRunner(data, node);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Whether the node's ActorSystem has terminated: the host stops it on SIGINT or SIGTERM (its console lifetime takes
    /// the signal), and no secure round can run after that.
    /// </summary>
    public bool ShutDown => node?.System.WhenTerminated.IsCompleted == true;

    /// <summary>
    /// One run with <paramref name="settings"/>; <see cref="InfrastructureFailedException"/> when a round failed because
    /// the server could not run (the journal), which is no training outcome. Cancelled (or the node shut down), it ends
    /// with an <see cref="OperationCanceledException"/> at the next round's end at the latest.
    /// </summary>
    public async Task<TrainRunOutcome> RunAsync(TrainingSettings settings, Action<TrainingRoundMetrics>? onRound, CancellationToken cancellation)
    {
        if (settings.Mode == TrainingMode.Secure && node is null)
            throw new InvalidOperationException("A secure cell needs the runner's node.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // The continuation may run after this run ended and disposed the source: then there is nothing to stop.
        node?.System.WhenTerminated.ContinueWith(_ => Cancel(stop), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var aggregator = node is null ? null : SecureAggregator.Over(node.Coordinator);
        var run = await new FederatedTrainer(settings, data, aggregator).RunAsync(round =>
        {
            onRound?.Invoke(round);
            // A plaintext round never waits on the token: stop between rounds.
            stop.Token.ThrowIfCancellationRequested();
        }, stop.Token);
        if (run.Rounds.FirstOrDefault(r => r.Failed) is { } failed)
            throw new InfrastructureFailedException($"round {failed.Round} failed because the server could not run: {failed.SkipReason}");
        return TrainRunOutcome.Of(run, settings);
    }

    private static void Cancel(CancellationTokenSource stop)
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsNode && node is not null)
            await node.DisposeAsync();
    }
}
