using Akka.Actor;
using SecureAgg.Host.Bench;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Report;
using SecureAgg.Host.Sizing;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Experiment;

/// <summary>What a grid run ended with: its exit code (0 ok, 1 stopped or a wrong sum, 3 infrastructure) and the files written.</summary>
public sealed record ExperimentRunResult(int ExitCode, IReadOnlyList<string> Files);

/// <summary>
/// Runs the cells of a grid that its output folder does not hold yet, each cell's repetitions one after another,
/// appending each finished cell to cells.jsonl and rewriting the tables and plots after it.
/// </summary>
public static class ExperimentRun
{
    /// <summary>Refuses (one <see cref="ArgumentException"/> line) a grid that does not fit this machine's memory or names an unusable journal.</summary>
    public static void Check(ExperimentGrid grid)
    {
        var largest = grid.Cells.MaxBy(c => (double)c.Clients * c.Length + (double)c.Clients * c.Parameters().NeighbourhoodSize * 32)!;
        BenchMemory.Of(largest.Parameters()).Check($"the cell {largest.Key}", MemoryEstimate.Available());
        if (grid.ActorEngine)
            JournalTarget.Parse(grid.Journal);
    }

    /// <param name="maxCells">Stop after this many new cells (what an interruption leaves; for tests).</param>
    public static async Task<ExperimentRunResult> RunAsync(ExperimentGrid grid, ExperimentStore<CellResult> store, string configName, TextWriter output,
        CancellationToken cancellation, int? maxCells = null)
    {
        var todo = grid.Cells.Where(c => !store.Finished.ContainsKey(c.Key)).ToArray();
        output.WriteLine($"secagg experiment: {grid.Cells.Count} cells × {grid.Repetitions} runs, engine={(grid.ActorEngine ? "actors" : "core")}" +
                         $"{(grid.ActorEngine ? $" round-timeout={grid.RoundTimeout.TotalMilliseconds:F0}ms journal={grid.Journal}" : "")} seed={grid.Seed} out={grid.Out}");
        if (store.DroppedTornLine)
            output.WriteLine($"the last line of {ExperimentStore.CellsFile} was cut off by an interruption: that cell runs again");
        if (store.Finished.Count > 0)
            output.WriteLine(todo.Length == 0
                ? $"all {grid.Cells.Count} cells are already in {Path.Combine(grid.Out, ExperimentStore.CellsFile)}: nothing to run"
                : $"resuming: {store.Finished.Count} of {grid.Cells.Count} cells already in {Path.Combine(grid.Out, ExperimentStore.CellsFile)} are skipped; {todo.Length} to run");

        string? stopped = null;
        if (todo.Length > 0)
        {
            ICellRunner runner;
            try
            {
                runner = await StartRunner(grid, todo, cancellation);
            }
            catch (JournalUnavailableException error)
            {
                return new ExperimentRunResult(InfrastructureFailure.Print("experiment", error.Message), []);
            }
            await using var _ = runner;
            using var progress = new ExperimentProgress(output, grid.Cells.Count, store.Finished.Count, grid.Repetitions, todo.Sum(c => Work(c) * grid.Repetitions));
            var ran = 0;
            foreach (var cell in todo)
            {
                if (maxCells is { } limit && ran >= limit)
                    break;
                var parameters = cell.Parameters();
                var theory = CompletionTheory.For(cell, parameters, grid.Seed);
                var runs = new RunOutcome[grid.Repetitions];
                try
                {
                    for (var r = 0; r < grid.Repetitions; r++)
                    {
                        progress.RunStarted(cell.Key, r);
                        runs[r] = await runner.RunAsync(cell, parameters, cell.Seed(grid.Seed, r), cancellation);
                        progress.Advance(Work(cell));
                    }
                }
                catch (Exception error) when (error is AskTimeoutException or OperationCanceledException)
                {
                    stopped = cancellation.IsCancellationRequested
                        ? $"stopped by a signal during the cell {cell.Key}"
                        : $"a run of the cell {cell.Key} did not finish within 8 × round-timeout + 1 min (the machine is too slow for it)";
                    break;
                }
                catch (InfrastructureFailedException error)
                {
                    ExperimentOutput.Write(grid, store.Finished, configName);
                    return new ExperimentRunResult(InfrastructureFailure.Print("experiment", $"during the cell {cell.Key}: {error.Message}"), []);
                }
                var result = new CellResult(cell.Key, cell.SparseGraph ? parameters.Neighbours : null, parameters.Threshold, theory.Probability,
                    theory.Method, runs);
                store.Append(result);
                ExperimentOutput.Write(grid, store.Finished, configName);
                var stats = CellStatistics.Of(runs);
                progress.CellFinished(cell.Key, $"{stats.Completed}/{stats.Runs} completed");
                ran++;
            }
        }

        var files = ExperimentOutput.Write(grid, store.Finished, configName);
        output.WriteLine($"wrote {string.Join(", ", files)}");
        var all = store.Finished.Values.SelectMany(c => c.Runs).ToArray();
        var wrong = all.Count(r => r.Completed && !r.Verified);
        var late = all.Count(r => r.Late);
        if (late > 0)
            output.WriteLine($"warning: {late} run(s) had a client miss a deadline that its dropout plan did not make it miss: the round timeout is too short for this machine");
        var line = $"experiment cells={store.Finished.Count}/{grid.Cells.Count} runs={all.Length} completed={all.Count(r => r.Completed)} " +
                   $"aborted={all.Count(r => !r.Completed)} late={late}";
        if (stopped is not null)
        {
            Console.Error.WriteLine($"secagg experiment: {stopped}; the {store.Finished.Count} finished cells are kept, and a re-run resumes after them.");
            output.WriteLine(line);
            return new ExperimentRunResult(1, files);
        }
        if (wrong > 0)
        {
            Console.Error.WriteLine($"secagg experiment: {wrong} completed run(s) did NOT equal the plaintext sum of their survivors' inputs.");
            output.WriteLine(line);
            return new ExperimentRunResult(1, files);
        }
        output.WriteLine(line + (store.Finished.Count == grid.Cells.Count ? " ok" : ""));
        return new ExperimentRunResult(0, files);
    }

    // The progress estimate's unit of work for one aggregation: the pairwise keys, shares and masks dominate.
    private static double Work(ExperimentCell cell) => (double)cell.Clients * cell.Parameters().NeighbourhoodSize;

    private static async Task<ICellRunner> StartRunner(ExperimentGrid grid, IReadOnlyList<ExperimentCell> todo, CancellationToken cancellation)
    {
        if (!grid.ActorEngine)
            return new CoreCellRunner();
        var journal = JournalTarget.Parse(grid.Journal);
        var (integrity, _) = JournalKeys.ForInProcess(journal, null, grid.Out);
        return await ActorCellRunner.StartAsync(journal, integrity, todo.Max(c => c.Length), grid.RoundTimeout, cancellation);
    }
}
