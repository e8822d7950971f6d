using System.Globalization;
using Akka.Actor;
using SecureAgg.Host.Report;
using SecureAgg.Learning.Data;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// Runs the cells of a training grid that its output folder does not hold yet, each cell's repetitions one after
/// another on the data built once, appending each finished cell to cells.jsonl and rewriting the tables and the plot
/// after it.
/// </summary>
public static class TrainExperimentRun
{
    /// <summary>Refuses (one <see cref="ArgumentException"/> line) a grid whose secure cells name an unusable journal.</summary>
    public static void Check(TrainExperimentGrid grid)
    {
        if (grid.HasSecureCells)
            JournalTarget.Parse(grid.Journal);
    }

    /// <param name="start">Builds the data (and the node of the secure cells); called only when a cell is left to run.</param>
    /// <param name="maxCells">Stop after this many new cells (what an interruption leaves; for tests).</param>
    public static async Task<ExperimentRunResult> RunAsync(TrainExperimentGrid grid, ExperimentStore<TrainCellResult> store, string configName,
        TextWriter output, Func<CancellationToken, Task<TrainCellRunner>> start, CancellationToken cancellation, int? maxCells = null)
    {
        var todo = grid.Cells.Where(c => !store.Finished.ContainsKey(c.Key)).ToArray();
        output.WriteLine($"secagg experiment: training grid, {grid.Cells.Count} cells × {grid.Repetitions} run{(grid.Repetitions == 1 ? "" : "s")}, {grid.Describe()} " +
                         $"{(grid.HasSecureCells ? $"journal={grid.Journal} " : "")}seed={grid.Seed} out={grid.Out}");
        if (store.DroppedTornLine)
            output.WriteLine($"the last line of {ExperimentStore.CellsFile} was cut off by an interruption: that cell runs again");
        if (store.Finished.Count > 0)
            output.WriteLine(todo.Length == 0
                ? $"all {grid.Cells.Count} cells are already in {Path.Combine(grid.Out, ExperimentStore.CellsFile)}: nothing to run"
                : $"resuming: {store.Finished.Count} of {grid.Cells.Count} cells already in {Path.Combine(grid.Out, ExperimentStore.CellsFile)} are skipped; {todo.Length} to run");

        string? stopped = null;
        if (todo.Length > 0)
        {
            TrainCellRunner runner;
            try
            {
                runner = await start(cancellation);
            }
            catch (JournalUnavailableException error)
            {
                return new ExperimentRunResult(InfrastructureFailure.Print("experiment", error.Message), []);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("secagg experiment: stopped by a signal while the data was prepared; nothing of this run was recorded.");
                return new ExperimentRunResult(1, []);
            }
            catch (Exception error) when (error is DataFormatException or DataDownloadException or ArgumentException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"secagg experiment: {error.Message}");
                return new ExperimentRunResult(2, []);
            }
            await using var _ = runner;
            var rounds = grid.Training.Rounds;
            using var progress = new ExperimentProgress(output, grid.Cells.Count, store.Finished.Count, grid.Repetitions, (double)todo.Length * grid.Repetitions * rounds);
            var ran = 0;
            foreach (var cell in todo)
            {
                if (maxCells is { } limit && ran >= limit)
                    break;
                var runs = new TrainRunOutcome[grid.Repetitions];
                try
                {
                    for (var r = 0; r < grid.Repetitions; r++)
                    {
                        progress.RunStarted(cell.Key, r);
                        runs[r] = await runner.RunAsync(grid.Settings(cell, r),
                            round => progress.Advance(1, string.Create(CultureInfo.InvariantCulture, $", round {round.Round}/{rounds} done")), cancellation);
                    }
                }
                catch (Exception error) when (error is AskTimeoutException or OperationCanceledException)
                {
                    stopped = cancellation.IsCancellationRequested || runner.ShutDown
                        ? $"stopped by a signal during the cell {cell.Key}"
                        : $"a secure round of the cell {cell.Key} did not finish in time ({error.Message})";
                    break;
                }
                catch (InfrastructureFailedException error)
                {
                    TrainExperimentOutput.Write(grid, store.Finished, configName);
                    return new ExperimentRunResult(InfrastructureFailure.Print("experiment", $"during the cell {cell.Key}: {error.Message}"), []);
                }
                catch (ArgumentException error)
                {
                    // Settings that only become invalid against the data (e.g. too few clients for the protocol).
                    TrainExperimentOutput.Write(grid, store.Finished, configName);
                    Console.Error.WriteLine($"secagg experiment: the cell {cell.Key}: {error.Message}");
                    return new ExperimentRunResult(2, []);
                }
                store.Append(new TrainCellResult(cell.Key, runs));
                TrainExperimentOutput.Write(grid, store.Finished, configName);
                var stats = TrainCellStatistics.Of(runs);
                progress.CellFinished(cell.Key, string.Create(CultureInfo.InvariantCulture,
                    $"accuracy {stats.AccuracyMean:F3}{(stats.AccuracySd is { } sd ? $" ± {sd:F3}" : "")}, {stats.RoundsSkippedMean:0.##} of {stats.Rounds} rounds skipped per run"));
                ran++;
            }
        }

        var files = TrainExperimentOutput.Write(grid, store.Finished, configName);
        output.WriteLine($"wrote {string.Join(", ", files)}");
        var all = store.Finished.Values.SelectMany(c => c.Runs).ToArray();
        var late = all.Sum(r => r.LateRounds);
        if (late > 0)
            output.WriteLine($"warning: {late} applied round(s) summed fewer clients than the dropout draw let through (a live client missed a deadline): " +
                             "train.round-timeout is too short for this machine");
        var line = $"experiment training cells={store.Finished.Count}/{grid.Cells.Count} runs={all.Length} " +
                   $"rounds-skipped={all.Sum(r => r.RoundsSkipped)}/{all.Sum(r => r.Rounds.Length)} late={late}";
        if (stopped is not null)
        {
            Console.Error.WriteLine($"secagg experiment: {stopped}; the {store.Finished.Count} finished cells are kept, and a re-run resumes after them.");
            output.WriteLine(line);
            return new ExperimentRunResult(1, files);
        }
        output.WriteLine(line + (store.Finished.Count == grid.Cells.Count ? " ok" : ""));
        return new ExperimentRunResult(0, files);
    }
}
