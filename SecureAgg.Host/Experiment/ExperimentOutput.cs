using CsvHelper;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// The files of a grid, rewritten from cells.jsonl after every finished cell (so an interrupted grid still has
/// them): cells.csv (<see cref="CellRow"/>, in the grid's cell order), summary.md and the PNG plots.
/// </summary>
public static class ExperimentOutput
{
    public const string CsvFile = "cells.csv";
    public const string SummaryFile = "summary.md";

    public static IReadOnlyList<string> Write(ExperimentGrid grid, IReadOnlyDictionary<string, CellResult> finished, string configName)
    {
        var done = grid.Cells.Where(c => finished.ContainsKey(c.Key)).Select(c => (Cell: c, Result: finished[c.Key])).ToArray();
        var csv = Path.Combine(grid.Out, CsvFile);
        using (var writer = CsvWriter.ToFile(csv, ResultCsv.Format, FileOptions.None))
            writer.WriteRecords(done.Select(d => CellRow.Of(d.Cell, d.Result)));
        var summary = Path.Combine(grid.Out, SummaryFile);
        File.WriteAllText(summary, ExperimentSummary.Markdown(grid, done, configName));
        return [csv, summary, .. ExperimentPlots.Write(grid, done)];
    }
}
