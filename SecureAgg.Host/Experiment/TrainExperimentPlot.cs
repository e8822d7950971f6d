using System.Globalization;
using ScottPlot;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// accuracy.png of a training grid (ScottPlot): test accuracy after each round, one line per cell (the mean over its
/// repetitions), x from round 1. Cells at the same dropout probability and round share a colour; secure cells are
/// solid, plaintext cells dashed; the legend names each cell and its mean final accuracy.
/// </summary>
public static class TrainExperimentPlot
{
    private const int Width = 1500;
    private const int Height = 750;

    public static void Write(string path, TrainExperimentGrid grid, IReadOnlyList<(TrainExperimentCell Cell, TrainCellResult Result)> done)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        // Colours by the grid's (p, round) pairs, not the finished cells', so a partial grid's lines keep their colours.
        var pairs = grid.Cells.Select(c => (c.Dropout, c.DropoutRound)).Distinct().ToList();
        var lowest = 1.0;
        var rounds = 1;
        // Plaintext first and wide and faint, secure over it and thin: where the two coincide (p = 0, or no round
        // skipped), both stay visible.
        foreach (var (cell, result) in done.OrderBy(d => d.Cell.IsSecure))
        {
            var stats = TrainCellStatistics.Of(result.Runs);
            var ys = stats.AccuracyPerRound.ToArray();
            if (ys.Length == 0)
                continue;
            var color = palette.GetColor(pairs.IndexOf((cell.Dropout, cell.DropoutRound)));
            var line = plot.Add.Scatter(Enumerable.Range(1, ys.Length).Select(r => (double)r).ToArray(), ys);
            line.Color = cell.IsSecure ? color : color.WithOpacity(0.55);
            line.LinePattern = cell.IsSecure ? LinePattern.Solid : LinePattern.Dashed;
            line.LineWidth = cell.IsSecure ? 1.5f : 4;
            line.MarkerSize = ys.Length > 40 ? 0 : cell.IsSecure ? 5 : 10;
            line.MarkerShape = cell.IsSecure ? MarkerShape.FilledCircle : MarkerShape.OpenSquare;
            line.LegendText = string.Create(CultureInfo.InvariantCulture,
                $"{cell.Label}: final {stats.AccuracyMean:F3}{(stats.RoundsSkippedMean > 0 ? $", {stats.RoundsSkippedMean:0.#} rounds skipped per run" : "")}");
            lowest = Math.Min(lowest, ys.Min());
            rounds = Math.Max(rounds, ys.Length);
        }
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Test accuracy per round under dropouts, mean over {grid.Repetitions} repetition{(grid.Repetitions == 1 ? "" : "s")}"));
        plot.XLabel("federated round (thin solid: secure aggregation; wide dashed: plaintext FedAvg; a colour per dropout p and round)");
        plot.YLabel("test accuracy (held-out subjects)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        // From round 1 (there is no round 0 on the plot), padded so the first and last markers are whole.
        var pad = Math.Max(0.2, rounds * 0.01);
        plot.Axes.SetLimitsX(1 - pad, Math.Max(2, rounds) + pad);
        plot.Axes.SetLimitsY(Math.Max(0, lowest - 0.05), 1.0);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }
}
