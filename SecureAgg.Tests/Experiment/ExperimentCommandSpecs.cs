using SecureAgg.Tests.Learning.Data;
using SecureAgg.Host.Experiment;
using SecureAgg.Tests.Processes;

namespace SecureAgg.Tests.Experiment;

/// <summary><c>secagg experiment</c> as a real process: the shipped smoke grid end to end over the actors, and a bad grid's one line.</summary>
public sealed class ExperimentCommandSpecs : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly TempFolder _folder = new();


    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_smoke_grid_runs_end_to_end_and_completes_at_p_0_and_aborts_when_survivors_fall_below_t()
    {
        var out_ = _folder.File("smoke");

        var run = SecaggProcess.Run(Timeout, "experiment", "--config", ShippedHocon.File("experiment-smoke.hocon"), "--out", out_);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.EndsWith(" ok", run.LastLine);
        foreach (var file in new[] { "cells.jsonl", "grid.json", "cells.csv", "summary.md", "completion.png", "phases.png", "bytes.png" })
            Assert.True(new FileInfo(Path.Combine(out_, file)) is { Exists: true, Length: > 0 }, file);
        var rows = File.ReadAllLines(Path.Combine(out_, "cells.csv"));
        var header = rows[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToArray();
        Assert.Equal(8, cells.Length);
        foreach (var cell in cells)
        {
            var (p, runs, completed, late) = (double.Parse(cell[Column("dropout")], System.Globalization.CultureInfo.InvariantCulture),
                cell[Column("runs")], cell[Column("completed")], cell[Column("late_runs")]);
            if (p == 0)
                Assert.True(completed == runs, $"p = 0: {completed}/{runs} completed ({late} late)");
            // p = 0.9 at the mask round leaves about 0.1·n < t survivors.
            if (p >= 0.9)
                Assert.Equal("0", completed);
        }
        Assert.Contains("the interval is the 95% Wilson score interval", File.ReadAllText(Path.Combine(out_, "summary.md")));

        var again = SecaggProcess.Run(Timeout, "experiment", "--config", ShippedHocon.File("experiment-smoke.hocon"), "--out", out_);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("all 8 cells are already in", again.Output);
    }

    [Fact]
    public void A_bad_grid_is_one_line_and_exit_code_2_before_anything_is_written()
    {
        var config = _folder.File("bad.hocon");
        File.WriteAllText(config, "secagg.experiment { axes { clients = [10], threshold = [11] } }\n");
        var out_ = _folder.File("bad-out");

        var run = SecaggProcess.Run(Timeout, "experiment", "--config", config, "--out", out_);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal("secagg experiment: secagg.experiment.axes.threshold = 11 exceeds the client count n = 10.", run.Error);
        Assert.False(Directory.Exists(out_));
    }

    [Fact]
    public void A_changed_grid_in_a_used_folder_is_one_line_and_exit_code_2()
    {
        var out_ = _folder.File("used");
        var config = _folder.File("tiny.hocon");
        File.WriteAllText(config, "secagg.experiment { engine = core, repetitions = 1, axes { clients = [5], length = [8] } }\n");
        Assert.Equal(0, SecaggProcess.Run(Timeout, "experiment", "--config", config, "--out", out_).ExitCode);
        File.WriteAllText(config, "secagg.experiment { engine = core, repetitions = 2, axes { clients = [5], length = [8] } }\n");

        var run = SecaggProcess.Run(Timeout, "experiment", "--config", config, "--out", out_);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"secagg experiment: The output folder '{out_}' holds the results of another grid ({ExperimentStore.GridFile} differs from this config): " +
                     "use --fresh to replace them, or another --out.", run.Error);
        Assert.Equal(0, SecaggProcess.Run(Timeout, "experiment", "--config", config, "--out", out_, "--fresh").ExitCode);
    }
}
