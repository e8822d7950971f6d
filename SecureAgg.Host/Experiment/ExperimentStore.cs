using System.Text.Json;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// Where a grid's results live in its output folder, so an interrupted grid resumes: grid.json holds the grid's
/// fingerprint (a folder holds one grid's results), cells.jsonl one finished cell per line (<see cref="ExperimentStore{T}"/>).
/// </summary>
public static class ExperimentStore
{
    public const string CellsFile = "cells.jsonl";
    public const string GridFile = "grid.json";

    /// <summary>The results of a protocol grid in its folder (<see cref="ExperimentStore{T}.Open"/>).</summary>
    public static ExperimentStore<CellResult> Open(ExperimentGrid grid, bool fresh) =>
        ExperimentStore<CellResult>.Open(grid.Out, grid.Fingerprint(), grid.Cells.Select(c => c.Key).ToHashSet(), grid.Repetitions, fresh);

    /// <summary>The results of a training grid in its folder (<see cref="ExperimentStore{T}.Open"/>).</summary>
    public static ExperimentStore<TrainCellResult> Open(TrainExperimentGrid grid, bool fresh) =>
        ExperimentStore<TrainCellResult>.Open(grid.Out, grid.Fingerprint(), grid.Cells.Select(c => c.Key).ToHashSet(), grid.Repetitions, fresh);

    /// <summary>Deletes what a grid of either kind leaves in <paramref name="folder"/> (for --fresh); other files stay.</summary>
    public static void Delete(string folder)
    {
        foreach (var name in new[] { CellsFile, GridFile, ExperimentOutput.CsvFile, ExperimentOutput.SummaryFile, TrainExperimentOutput.RoundsFile, TrainExperimentOutput.PlotFile })
            File.Delete(Path.Combine(folder, name));
        foreach (var plot in Directory.EnumerateFiles(folder, "*.png").Where(ExperimentPlots.IsPlot))
            File.Delete(plot);
    }
}

/// <summary>
/// A grid's finished cells in cells.jsonl, one <typeparamref name="T"/> per line, appended and flushed as each cell
/// finishes. A line torn by a kill mid-write is the last one, and is dropped (its cell runs again).
/// </summary>
public sealed class ExperimentStore<T> where T : class, IFinishedCell
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string _cells;
    private readonly Dictionary<string, T> _finished;

    private ExperimentStore(string cells, Dictionary<string, T> finished, bool droppedTornLine)
    {
        _cells = cells;
        _finished = finished;
        DroppedTornLine = droppedTornLine;
    }

    public IReadOnlyDictionary<string, T> Finished => _finished;

    /// <summary>The last line of cells.jsonl was incomplete (a run killed while writing it) and was removed.</summary>
    public bool DroppedTornLine { get; }

    /// <summary>
    /// The results in <paramref name="folder"/> of the grid with <paramref name="fingerprint"/>, whose cells have
    /// <paramref name="keys"/> and <paramref name="repetitions"/> runs each; a folder with another grid's results is
    /// refused (one line) unless <paramref name="fresh"/>, which deletes every file of a previous grid first.
    /// </summary>
    public static ExperimentStore<T> Open(string folder, string fingerprint, IReadOnlySet<string> keys, int repetitions, bool fresh)
    {
        var grids = Path.Combine(folder, ExperimentStore.GridFile);
        var cells = Path.Combine(folder, ExperimentStore.CellsFile);
        if (fresh)
            ExperimentStore.Delete(folder);
        if (File.Exists(grids) ? File.ReadAllText(grids) != fingerprint : File.Exists(cells))
            throw new ArgumentException($"The output folder '{folder}' holds the results of another grid ({ExperimentStore.GridFile} differs from this config): " +
                                        "use --fresh to replace them, or another --out.");
        File.WriteAllText(grids, fingerprint);

        var finished = new Dictionary<string, T>();
        var lines = File.Exists(cells) ? File.ReadAllLines(cells) : [];
        var torn = false;
        for (var i = 0; i < lines.Length; i++)
        {
            T? result;
            try
            {
                result = JsonSerializer.Deserialize<T>(lines[i], Json);
            }
            catch (JsonException) when (i == lines.Length - 1)
            {
                torn = true;
                break;
            }
            catch (JsonException error)
            {
                throw new ArgumentException($"'{cells}' line {i + 1} is not a finished cell ({error.Message}): use --fresh to start the grid over.");
            }
            if (result is null || !keys.Contains(result.Key) || result.RunCount != repetitions)
                throw new ArgumentException($"'{cells}' line {i + 1} is not a cell of this grid: use --fresh to start the grid over.");
            finished[result.Key] = result;
        }
        if (torn)
            File.WriteAllLines(cells, lines[..^1]);
        return new ExperimentStore<T>(cells, finished, torn);
    }

    public void Append(T result)
    {
        using (var file = new FileStream(_cells, FileMode.Append, FileAccess.Write, FileShare.Read))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(JsonSerializer.Serialize(result, Json) + "\n");
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        _finished[result.Key] = result;
    }
}
