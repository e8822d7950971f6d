using CsvHelper;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// The files of a training grid, rewritten from cells.jsonl after every finished cell (so an interrupted grid still
/// has them), in the grid's cell order: cells.csv (<see cref="TrainCellRow"/>), rounds.csv (<see cref="TrainRoundRow"/>),
/// summary.md and accuracy.png.
/// </summary>
public static class TrainExperimentOutput
{
    public const string RoundsFile = "rounds.csv";
    public const string PlotFile = "accuracy.png";

    public static IReadOnlyList<string> Write(TrainExperimentGrid grid, IReadOnlyDictionary<string, TrainCellResult> finished, string configName)
    {
        var done = grid.Cells.Where(c => finished.ContainsKey(c.Key)).Select(c => (Cell: c, Result: finished[c.Key])).ToArray();
        var cells = Path.Combine(grid.Out, ExperimentOutput.CsvFile);
        using (var writer = CsvWriter.ToFile(cells, ResultCsv.Format, FileOptions.None))
            writer.WriteRecords(done.Select(d => TrainCellRow.Of(d.Cell, d.Result)));
        var rounds = Path.Combine(grid.Out, RoundsFile);
        using (var writer = CsvWriter.ToFile(rounds, ResultCsv.Format, FileOptions.None))
            writer.WriteRecords(done.SelectMany(d => TrainRoundRow.Of(d.Cell, d.Result)));
        var summary = Path.Combine(grid.Out, ExperimentOutput.SummaryFile);
        File.WriteAllText(summary, TrainExperimentSummary.Markdown(grid, done, configName));
        if (done.Length == 0)
            return [cells, rounds, summary];
        var plot = Path.Combine(grid.Out, PlotFile);
        TrainExperimentPlot.Write(plot, grid, done);
        return [cells, rounds, summary, plot];
    }
}
