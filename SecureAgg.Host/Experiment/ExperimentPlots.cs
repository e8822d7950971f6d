using System.Globalization;
using ScottPlot;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// The PNG plots of a grid (ScottPlot): completion rate against dropout probability with the theory beside it, wall
/// time per phase against dropout probability, and bytes per client against n. A grid with several dropout rounds
/// gets one completion and one phase plot per round (completion-mask.png …), else completion.png and phases.png.
/// A series is one combination of the other axes; its label names the protocol, n and whichever other axes vary.
/// </summary>
public static class ExperimentPlots
{
    private const int Width = 1500;
    private const int Height = 700;

    public static bool IsPlot(string path)
    {
        var name = Path.GetFileName(path);
        return name == "bytes.png" || name.StartsWith("completion", StringComparison.Ordinal) || name.StartsWith("phases", StringComparison.Ordinal);
    }

    public static IReadOnlyList<string> Write(ExperimentGrid grid, IReadOnlyList<(ExperimentCell Cell, CellResult Result)> done)
    {
        if (done.Count == 0)
            return [];
        var files = new List<string>();
        // Named by the grid's rounds, not the finished cells', so a partial grid's files keep their names.
        var split = grid.Cells.Select(c => c.DropoutRound).Distinct().Count() > 1;
        foreach (var round in done.GroupBy(d => d.Cell.DropoutRound))
        {
            var suffix = split ? $"-{round.Key}" : "";
            files.Add(Completion(Path.Combine(grid.Out, $"completion{suffix}.png"), round.Key, [.. round]));
            files.Add(Phases(Path.Combine(grid.Out, $"phases{suffix}.png"), round.Key, [.. round], grid.ActorEngine));
        }
        files.Add(Bytes(Path.Combine(grid.Out, "bytes.png"), done));
        return files;
    }

    private static string Completion(string path, string round, IReadOnlyList<(ExperimentCell Cell, CellResult Result)> cells)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var series = Series(cells).ToArray();
        var pMax = cells.Max(c => c.Cell.Dropout);
        for (var i = 0; i < series.Length; i++)
        {
            var (label, points) = series[i];
            var color = palette.GetColor(i);
            var xs = points.Select(p => p.Cell.Dropout).ToArray();
            // Series at the same p would hide each other's intervals: each is moved a little sideways.
            var shift = (i - (series.Length - 1) / 2.0) * Math.Max(pMax, 0.05) * 0.006;
            var shifted = xs.Select(x => x + shift).ToArray();
            var stats = points.Select(p => CellStatistics.Of(p.Result.Runs)).ToArray();
            var ys = stats.Select(s => s.CompletionRate).ToArray();
            var bars = plot.Add.ErrorBar(shifted, ys, stats.Select(s => 0.0).ToArray());
            bars.YErrorNegative = stats.Select(s => s.CompletionRate - s.Interval.Low).ToArray();
            bars.YErrorPositive = stats.Select(s => s.Interval.High - s.CompletionRate).ToArray();
            bars.Color = color;
            var measured = plot.Add.ScatterPoints(shifted, ys);
            measured.Color = color;
            measured.MarkerSize = 9;
            measured.LegendText = $"{label}: measured, 95% Wilson interval";

            var first = points[0];
            var p0 = first.Result;
            // SecAgg+ with k chosen per p may be the complete graph at some p: the curve only where every point is.
            if (points.Any(p => p.Result.TheoryMethod != CompletionTheory.BinomialMethod))
            {
                var theory = plot.Add.Scatter(xs, points.Select(p => p.Result.Theory).ToArray());
                theory.Color = color;
                theory.LinePattern = LinePattern.Dashed;
                theory.LineWidth = 2;
                theory.MarkerSize = 4;
                theory.MarkerShape = MarkerShape.OpenSquare;
                theory.LegendText = $"{label}: theory, per-neighbourhood condition ({first.Result.TheoryMethod})";
            }
            else
            {
                var fine = Enumerable.Range(0, 201).Select(j => pMax * j / 200.0).ToArray();
                var hits = DropoutRounds.Hit(round, first.Cell.Mode).Count;
                var theory = plot.Add.Scatter(fine, fine.Select(p => CompletionTheory.BinomialCurve(first.Cell.Clients, p0.Threshold, hits, p)).ToArray());
                theory.Color = color;
                theory.LinePattern = LinePattern.Dashed;
                theory.LineWidth = 2;
                theory.MarkerSize = 0;
                theory.LegendText = hits == 1
                    ? $"{label}: theory, P[Bin(n, 1−p) ≥ t]"
                    : $"{label}: theory, P[Bin(n, (1−p)^{hits}) ≥ t]";
            }
        }
        plot.Title($"Completion rate vs dropout probability (dropout at {RoundLabel(round)})");
        plot.XLabel("dropout probability p (each client, independently, at the round it hits; series shifted slightly apart)");
        plot.YLabel("fraction of runs that completed");
        plot.Axes.SetLimitsX(-0.02, Math.Max(pMax, 0.05) + 0.02);
        plot.Axes.SetLimitsY(-0.05, 1.1);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string Phases(string path, string round, IReadOnlyList<(ExperimentCell Cell, CellResult Result)> cells, bool actors)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];
        var series = Series(cells).ToArray();
        for (var g = 0; g < series.Length; g++)
        {
            var (label, points) = series[g];
            var stats = points.Select(p => CellStatistics.Of(p.Result.Runs)).ToArray();
            for (var ph = 0; ph < CellStatistics.Phases.Length; ph++)
            {
                var phase = CellStatistics.Phases[ph];
                var at = Enumerable.Range(0, points.Count).Where(i => stats[i].PhaseMs.ContainsKey(phase)).ToArray();
                if (at.Length == 0)
                    continue;
                // Log scale: ScottPlot plots log10 of the values and labels the ticks back in ms.
                var line = plot.Add.Scatter(at.Select(i => points[i].Cell.Dropout).ToArray(), at.Select(i => Math.Log10(Math.Max(0.1, stats[i].PhaseMs[phase]))).ToArray());
                line.Color = palette.GetColor(ph);
                line.LinePattern = patterns[g % patterns.Length];
                line.MarkerShape = shapes[g % shapes.Length];
                line.MarkerSize = 7;
                line.LineWidth = 2;
                line.LegendText = $"{label}: {phase}";
            }
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("#,0.#", CultureInfo.InvariantCulture),
        };
        plot.Title($"Wall time per phase vs dropout probability (dropout at {RoundLabel(round)}){(actors ? "; a phase with a dropout waits its deadline" : "")}");
        plot.XLabel("dropout probability p (each client, independently, at the round it hits)");
        plot.YLabel("mean wall time of the phase (ms, log scale)");
        var pMax = cells.Max(c => c.Cell.Dropout);
        plot.Axes.SetLimitsX(-0.02, Math.Max(pMax, 0.05) + 0.02);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string Bytes(string path, IReadOnlyList<(ExperimentCell Cell, CellResult Result)> done)
    {
        // Bytes depend on n, the graph and m far more than on dropouts: one dropout setting, the grid's first.
        var p = done.Min(d => d.Cell.Dropout);
        var round = done.First(d => d.Cell.Dropout == p).Cell.DropoutRound;
        var cells = done.Where(d => d.Cell.Dropout == p && d.Cell.DropoutRound == round).ToArray();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var groups = cells.GroupBy(c => c.Cell with { Clients = 0 }).ToArray();
        for (var g = 0; g < groups.Length; g++)
        {
            var points = groups[g].OrderBy(c => c.Cell.Clients).ToArray();
            var label = Label(points[0].Cell, cells.Select(c => c.Cell).ToArray(), withClients: false);
            var xs = points.Select(c => (double)c.Cell.Clients).ToArray();
            var stats = points.Select(c => CellStatistics.Of(c.Result.Runs)).ToArray();
            var up = plot.Add.Scatter(xs, stats.Select(s => s.BytesUpPerClient / 1024).ToArray());
            up.Color = palette.GetColor(g);
            up.MarkerSize = 8;
            up.LineWidth = 2;
            up.LegendText = $"{label}: up (client → server)";
            var down = plot.Add.Scatter(xs, stats.Select(s => s.BytesDownPerClient / 1024).ToArray());
            down.Color = palette.GetColor(g);
            down.MarkerSize = 8;
            down.MarkerShape = MarkerShape.OpenSquare;
            down.LineWidth = 2;
            down.LinePattern = LinePattern.Dashed;
            down.LegendText = $"{label}: down (server → client)";
        }
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Bytes per client and aggregation vs n (dropout p = {p} at {RoundLabel(round)})"));
        plot.XLabel("clients n");
        plot.YLabel("mean bytes per client (KiB)");
        plot.Axes.SetLimitsY(0, Math.Max(1, cells.Max(c => Math.Max(CellStatistics.Of(c.Result.Runs).BytesUpPerClient, CellStatistics.Of(c.Result.Runs).BytesDownPerClient)) / 1024 * 1.15));
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>The cells grouped by every axis except the dropout probability, each group ordered by it.</summary>
    private static IEnumerable<(string Label, IReadOnlyList<(ExperimentCell Cell, CellResult Result)> Points)> Series(
        IReadOnlyList<(ExperimentCell Cell, CellResult Result)> cells)
    {
        var all = cells.Select(c => c.Cell).ToArray();
        foreach (var group in cells.GroupBy(c => c.Cell with { Dropout = 0 }))
        {
            var points = group.OrderBy(c => c.Cell.Dropout).ToArray();
            var t = points.Select(p => p.Result.Threshold).Distinct().ToArray();
            var label = Label(points[0].Cell, all, withClients: true) + (t.Length == 1 && points[0].Cell.Threshold is null ? $" t={t[0]}" : "");
            yield return (label, points);
        }
    }

    private static string Label(ExperimentCell cell, IReadOnlyList<ExperimentCell> all, bool withClients)
    {
        var parts = new List<string> { cell.SparseGraph ? $"SecAgg+ (k={cell.Neighbours?.ToString(CultureInfo.InvariantCulture) ?? "auto"})" : "SecAgg" };
        if (withClients)
            parts.Add($"n={cell.Clients}");
        if (all.Select(c => c.Mode).Distinct().Count() > 1)
            parts.Add(cell.Security);
        if (all.Select(c => c.Length).Distinct().Count() > 1)
            parts.Add($"m={cell.Length}");
        if (all.Select(c => c.Bits).Distinct().Count() > 1)
            parts.Add($"b={cell.Bits}");
        if (all.Select(c => c.Threshold).Distinct().Count() > 1 && cell.Threshold is { } t)
            parts.Add($"t={t}");
        return string.Join(" ", parts);
    }

    private static string RoundLabel(string round) => round == DropoutRounds.All ? "every round" : $"the {round} round";
}
