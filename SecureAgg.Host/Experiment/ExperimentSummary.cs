using System.Globalization;
using System.Text;

namespace SecureAgg.Host.Experiment;

/// <summary>summary.md: cells.csv as a Markdown table for a person, with what each column means.</summary>
public static class ExperimentSummary
{
    public static string Markdown(ExperimentGrid grid, IReadOnlyList<(ExperimentCell Cell, CellResult Result)> done, string configName)
    {
        var text = new StringBuilder();
        string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
        text.AppendLine($"# Experiment grid `{configName}`").AppendLine();
        text.AppendLine(F($"{done.Count} of {grid.Cells.Count} cells finished, {grid.Repetitions} runs each (seed {grid.Seed}); engine: ") +
                        (grid.ActorEngine
                            ? F($"the actor simulation of `secagg simulate`, round timeout {grid.RoundTimeout.TotalMilliseconds:F0} ms (a phase with a dropout lasts it).")
                            : "the pure protocol in one process, as `secagg bench` (no deadlines: a phase's time is its work)."))
            .AppendLine();
        text.AppendLine("- **completed**: runs that produced the sum; the interval is the 95% Wilson score interval of the completion rate.");
        text.AppendLine("- **theory**: the chance to complete if clients drop only as drawn: SecAgg P[Bin(n, (1−p)^r) ≥ t] " +
                        "(r = rounds the dropout hits); SecAgg+ the per-neighbourhood threshold condition, by Monte Carlo over the cell's graph.");
        text.AppendLine("- **\\|U3\\|**: survivors of the masked-input round, mean ± sample standard deviation over the completed runs only.");
        text.AppendLine("- **ms**: mean wall time of each phase over the runs that reached it; **B up / down**: bytes per client of the n, " +
                        "accepted by the server from the clients / sent by the server to them.");
        var late = done.Sum(d => d.Result.Runs.Count(r => r.Late));
        if (late > 0)
            text.AppendLine(F($"- **late**: {late} run(s) had a client miss a deadline the dropout plan did not make it miss (raise round-timeout)."));
        text.AppendLine();

        var phases = CellStatistics.Phases.Where(phase => phase != "consistency" || done.Any(d => d.Cell.Mode == Protocol.SecurityMode.Active)).ToArray();
        text.Append("| protocol | k | security | n | m | b | t | p | dropout round | completed | rate [95% CI] | theory | \\|U3\\| (completed) |");
        foreach (var phase in phases)
            text.Append($" {phase} ms |");
        text.AppendLine(" B up | B down |" + (late > 0 ? " late |" : ""));
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", 13 + phases.Length + 2 + (late > 0 ? 1 : 0))));
        foreach (var (cell, result) in done)
        {
            var s = CellStatistics.Of(result.Runs);
            var u3 = s.U3Mean is { } mean ? F($"{mean:F1}") + (s.U3StandardDeviation is { } sd ? F($" ± {sd:F1}") : "") : "–";
            text.Append(F($"| {cell.Protocol} | {(result.Neighbours?.ToString(CultureInfo.InvariantCulture) ?? "–")} | {cell.Security} | {cell.Clients} | {cell.Length} | {cell.Bits} | {result.Threshold} | "));
            text.Append(F($"{cell.Dropout} | {cell.DropoutRound} | {s.Completed}/{s.Runs} | {s.CompletionRate:F2} [{s.Interval.Low:F2}, {s.Interval.High:F2}] | {result.Theory:F3} | {u3} |"));
            foreach (var phase in phases)
                text.Append(s.PhaseMs.TryGetValue(phase, out var ms) ? F($" {ms:F0} |") : " – |");
            text.AppendLine(F($" {s.BytesUpPerClient:F0} | {s.BytesDownPerClient:F0} |") + (late > 0 ? F($" {s.Late} |") : ""));
        }
        return text.ToString();
    }
}
