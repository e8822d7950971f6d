using SecureAgg.Tests.Learning.Data;
using System.Diagnostics;
using System.Globalization;
using SecureAgg.Host;
using SecureAgg.Tests.Processes;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Experiment;

/// <summary>
/// <c>secagg experiment</c> with a training grid as a real process: the shipped smoke grid on the real data (where
/// SECAGG_DATA names it, as in CI, it must be there), a bad grid's one line, and an unusable journal's.
/// </summary>
public sealed class TrainExperimentCommandSpecs(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [TrainingDataFact]
    public void The_smoke_training_grid_runs_on_the_real_data_writes_every_file_and_resumes_to_nothing()
    {
        var data = TrainingDataFactAttribute.Require();
        var out_ = _folder.File("smoke");
        var clock = Stopwatch.StartNew();

        var run = SecaggProcess.Run(Timeout, "experiment", "--config", ShippedHocon.File("train-experiment-smoke.hocon"), "--out", out_, "--data", data);

        log.WriteLine($"smoke grid: {clock.Elapsed.TotalSeconds:F1} s\n{run.Output}");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.EndsWith(" ok", run.LastLine);
        Assert.StartsWith("experiment training cells=2/2 runs=2 ", run.LastLine);
        foreach (var file in new[] { "cells.jsonl", "grid.json", "cells.csv", "rounds.csv", "summary.md", "accuracy.png" })
            Assert.True(new FileInfo(Path.Combine(out_, file)) is { Exists: true, Length: > 0 }, file);
        var rows = File.ReadAllLines(Path.Combine(out_, "cells.csv"));
        var header = rows[0].Split(',');
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[Array.IndexOf(header, "aggregation")]);
        string Value(string aggregation, string column) => cells[aggregation][Array.IndexOf(header, column)];
        Assert.Equal(["secure", "plaintext"], cells.Keys);
        foreach (var aggregation in cells.Keys)
        {
            Assert.Equal(("0.1", "mask", "1", "2"), (Value(aggregation, "dropout"), Value(aggregation, "dropout_round"), Value(aggregation, "runs"), Value(aggregation, "rounds")));
            // Six classes: chance is about 0.17.
            Assert.True(double.Parse(Value(aggregation, "accuracy_mean"), CultureInfo.InvariantCulture) > 0.5, $"{aggregation}: {string.Join(',', cells[aggregation])}");
        }
        // The same seed draws the same dropouts for both aggregations; plaintext never skips a round.
        Assert.Equal(Value("plaintext", "planned_survivors_mean"), Value("secure", "planned_survivors_mean"));
        Assert.Equal(("0.00", Value("plaintext", "planned_survivors_mean")), (Value("plaintext", "rounds_skipped_mean"), Value("plaintext", "survivors_mean_applied")));
        Assert.Equal(1 + 2 * 2, File.ReadAllLines(Path.Combine(out_, "rounds.csv")).Length);
        Assert.Contains("| secure | 0.1 | mask | 1 |", File.ReadAllText(Path.Combine(out_, "summary.md")));

        var again = SecaggProcess.Run(Timeout, "experiment", "--config", ShippedHocon.File("train-experiment-smoke.hocon"), "--out", out_, "--data", data);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("all 2 cells are already in", again.Output);
        Assert.DoesNotContain("features:", again.Output);
    }

    [Theory]
    [InlineData("secagg.train-experiment { axes { aggregation = [secure, central] } }",
        "secagg.train-experiment.axes.aggregation has 'central': use secure, plaintext.")]
    [InlineData("secagg.train-experiment { axes { dropout = [] } }",
        "secagg.train-experiment.axes.dropout is empty: an axis lists at least one value (leave it out for its default).")]
    [InlineData("secagg.train-experiment { train { rounds = 0 } }", "secagg.train-experiment.train.rounds must be at least 1, got 0.")]
    [InlineData("secagg.train-experiment { repetitions = 1 }\nsecagg.experiment { axes { clients = [5] } }", "Config file 'CONFIG' has both a secagg.experiment and a secagg.train-experiment block: one grid per file.")]
    [InlineData("secagg.train { rounds = 2 }", "Config file 'CONFIG' has no secagg.experiment block (nor a secagg.train-experiment block).")]
    public void A_bad_training_grid_is_one_line_and_exit_code_2_before_anything_is_written(string text, string line)
    {
        var config = _folder.File("bad.hocon");
        File.WriteAllText(config, text);
        var out_ = _folder.File("bad-out");

        var run = SecaggProcess.Run(Timeout, "experiment", "--config", config, "--out", out_);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}\n{run.Error}");
        Assert.Equal($"secagg experiment: {line.Replace("CONFIG", config)}", run.Error);
        Assert.False(Directory.Exists(out_));
    }

    [Fact]
    public void An_unusable_journal_stops_the_grid_before_the_data_with_one_line_and_the_infrastructure_exit_code()
    {
        var journal = _folder.File("not-sqlite.db");
        File.WriteAllBytes(journal, System.Security.Cryptography.RandomNumberGenerator.GetBytes(20_000));
        var config = _folder.File("journal.hocon");
        File.WriteAllText(config, $"secagg.train-experiment {{ journal = \"sqlite:{journal}\", train {{ rounds = 1 }} }}");

        var run = SecaggProcess.Run(Timeout, "experiment", "--config", config, "--out", _folder.File("out"), "--data", _folder.File("no-data"));

        Assert.True(run.ExitCode == InfrastructureFailure.ExitCode, $"exit {run.ExitCode}: {run.Output}\n{run.Error}");
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"secagg experiment: journal sqlite:{journal}", line);
        Assert.DoesNotContain(" ok", run.Output);
        Assert.DoesNotContain("   at ", run.Output + run.Error);
        Assert.False(File.Exists(_folder.File(Path.Combine("out", "cells.jsonl"))));
    }
}
