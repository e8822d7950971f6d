using System.Text.Json;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// A grid's finished cells in its output folder, so an interrupted grid resumes: grid.json holds the grid's
/// fingerprint (a folder holds one grid's results), cells.jsonl one <see cref="CellResult"/> per line, appended and
/// flushed as each cell finishes. A line torn by a kill mid-write is the last one, and is dropped (its cell runs again).
/// </summary>
public sealed class ExperimentStore
{
    public const string CellsFile = "cells.jsonl";
    public const string GridFile = "grid.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string _cells;
    private readonly Dictionary<string, CellResult> _finished;

    private ExperimentStore(string cells, Dictionary<string, CellResult> finished, bool droppedTornLine)
    {
        _cells = cells;
        _finished = finished;
        DroppedTornLine = droppedTornLine;
    }

    public IReadOnlyDictionary<string, CellResult> Finished => _finished;

    /// <summary>The last line of cells.jsonl was incomplete (a run killed while writing it) and was removed.</summary>
    public bool DroppedTornLine { get; }

    /// <summary>
    /// The folder's results for <paramref name="grid"/>; a folder with another grid's results is refused (one line)
    /// unless <paramref name="fresh"/>, which deletes every file of a previous grid first.
    /// </summary>
    public static ExperimentStore Open(ExperimentGrid grid, bool fresh)
    {
        var grids = Path.Combine(grid.Out, GridFile);
        var cells = Path.Combine(grid.Out, CellsFile);
        if (fresh)
            ExperimentOutput.Delete(grid.Out);
        var fingerprint = grid.Fingerprint();
        if (File.Exists(grids) ? File.ReadAllText(grids) != fingerprint : File.Exists(cells))
            throw new ArgumentException($"The output folder '{grid.Out}' holds the results of another grid ({GridFile} differs from this config): " +
                                        "use --fresh to replace them, or another --out.");
        File.WriteAllText(grids, fingerprint);

        var keys = grid.Cells.Select(c => c.Key).ToHashSet();
        var finished = new Dictionary<string, CellResult>();
        var lines = File.Exists(cells) ? File.ReadAllLines(cells) : [];
        var torn = false;
        for (var i = 0; i < lines.Length; i++)
        {
            CellResult? result;
            try
            {
                result = JsonSerializer.Deserialize<CellResult>(lines[i], Json);
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
            if (result is null || !keys.Contains(result.Key) || result.Runs.Length != grid.Repetitions)
                throw new ArgumentException($"'{cells}' line {i + 1} is not a cell of this grid: use --fresh to start the grid over.");
            finished[result.Key] = result;
        }
        if (torn)
            File.WriteAllLines(cells, lines[..^1]);
        return new ExperimentStore(cells, finished, torn);
    }

    public void Append(CellResult result)
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
