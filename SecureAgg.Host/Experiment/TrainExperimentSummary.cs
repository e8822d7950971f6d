using System.Globalization;
using System.Text;

namespace SecureAgg.Host.Experiment;

/// <summary>summary.md of a training grid: cells.csv as a Markdown table for a person, with what each column means.</summary>
public static class TrainExperimentSummary
{
    public static string Markdown(TrainExperimentGrid grid, IReadOnlyList<(TrainExperimentCell Cell, TrainCellResult Result)> done, string configName)
    {
        var text = new StringBuilder();
        string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
        text.AppendLine($"# Training grid `{configName}`").AppendLine();
        text.AppendLine(F($"{done.Count} of {grid.Cells.Count} cells finished, {grid.Repetitions} repetition{(grid.Repetitions == 1 ? "" : "s")} each (repetition r of every cell trains with seed {grid.Seed} + r)."));
        text.AppendLine().AppendLine($"Settings of every cell: `{grid.Describe()}`.").AppendLine();
        text.AppendLine("- **final accuracy**: the final model's accuracy on the held-out test subjects, mean ± sample standard deviation over the " +
                        "repetitions, [lowest, highest]; **macro F1** likewise (mean ± sd).");
        text.AppendLine("- **skipped / run**: rounds whose aggregation aborted (too few clients left for the threshold), so the model did not change; " +
                        "mean per run (most in one run).");
        text.AppendLine("- **survivors**: clients in the sum per applied round (skipped rounds left out), of **selected** per round; " +
                        "**planned**: per round, the selected clients the dropout draw lets deliver their update (all but those dropping at advertise, share or mask).");
        text.AppendLine("- **plaintext** cells draw the same dropouts as the secure cells at the same p and round (as `secagg train --aggregation plaintext " +
                        "--dropout P` does): a client dropping before its update is delivered is left out of the sum; one dropping at consistency or unmask " +
                        "had delivered it already, so it changes nothing. Plaintext FedAvg has no threshold and never skips a round, so the gap to the secure " +
                        "cell at the same p and round is what the protocol's aborts (and its quantisation) cost.");
        text.AppendLine("- Cells with p = 0 drop nobody: those at different dropout rounds are the same runs.");
        if (grid.HasSecureCells)
            text.AppendLine("- The data was built once for the grid; its standardisation comes from the secure sum of the clients' feature moments (as in " +
                            "`secagg train`), and the plaintext cells use the same data.");
        var late = done.Sum(d => d.Result.Runs.Sum(r => r.LateRounds));
        if (late > 0)
            text.AppendLine(F($"- **late**: {late} applied round(s) summed fewer clients than the draw let through: a live client missed a deadline (raise train.round-timeout)."));
        text.AppendLine().AppendLine("Accuracy per round, one line per cell (mean over the repetitions): `accuracy.png`; every round of every run: `rounds.csv`.").AppendLine();

        text.AppendLine("| aggregation | p | dropout round | runs | final accuracy | macro F1 | skipped / run | survivors / selected | planned |" + (late > 0 ? " late |" : "") + " s / run |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", 10 + (late > 0 ? 1 : 0))));
        foreach (var (cell, result) in done)
        {
            var s = TrainCellStatistics.Of(result.Runs);
            string Sd(double? sd) => sd is { } v ? F($" ± {v:F4}") : "";
            text.Append(F($"| {cell.Aggregation} | {cell.Dropout} | {cell.DropoutRound} | {s.Runs} | "));
            text.Append(F($"{s.AccuracyMean:F4}{Sd(s.AccuracySd)} [{s.AccuracyMin:F4}, {s.AccuracyMax:F4}] | {s.MacroF1Mean:F4}{Sd(s.MacroF1Sd)} | "));
            text.Append(F($"{s.RoundsSkippedMean:F2} of {s.Rounds} ({s.RoundsSkippedMax}) | "));
            text.Append(s.SurvivorsMean is { } survivors ? F($"{survivors:F2} / {s.SelectedMean:F0}") : F($"– / {s.SelectedMean:F0}"));
            text.Append(F($" | {s.PlannedMean:F2} |"));
            if (late > 0)
                text.Append(F($" {s.LateRounds} |"));
            text.AppendLine(F($" {s.SecondsMean:F1} |"));
        }
        return text.ToString();
    }
}
