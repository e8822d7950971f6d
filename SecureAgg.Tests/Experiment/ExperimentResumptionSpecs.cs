using SecureAgg.Tests.Learning.Data;
using Akka.Configuration;
using SecureAgg.Host.Experiment;

namespace SecureAgg.Tests.Experiment;

/// <summary>
/// A grid interrupted after some cells resumes from cells.jsonl: only the missing cells run, and the files equal an
/// uninterrupted run's but for the wall times. The pure engine keeps these fast; the actor engine is the end-to-end spec's.
/// </summary>
public sealed class ExperimentResumptionSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ExperimentGrid Grid(string name, string dropouts = "[0, 0.3]") => ExperimentGrid.Load(ConfigurationFactory.ParseString(
        $"secagg.experiment {{ engine = core, repetitions = 3, seed = 4, out = \"{_folder.File(name)}\", axes {{ clients = [8], length = [16], dropout = {dropouts} }} }}"));

    private static async Task<(ExperimentRunResult Result, string Output)> Run(ExperimentGrid grid, int? maxCells = null, bool fresh = false)
    {
        Directory.CreateDirectory(grid.Out);
        var store = ExperimentStore.Open(grid, fresh);
        using var output = new StringWriter();
        var result = await ExperimentRun.RunAsync(grid, store, "test.hocon", output, CancellationToken.None, maxCells);
        return (result, output.ToString());
    }

    // cells.csv without the wall-time columns, which differ between any two runs.
    private static string[] WithoutTimes(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, ExperimentOutput.CsvFile));
        var header = lines[0].Split(',');
        var keep = Enumerable.Range(0, header.Length).Where(i => !CellRow.TimingColumns.Contains(header[i])).ToArray();
        return lines.Select(line => string.Join(',', keep.Select(i => line.Split(',')[i]))).ToArray();
    }

    [Fact]
    public async Task An_interrupted_grid_runs_only_its_missing_cell_and_ends_with_the_uninterrupted_files()
    {
        var whole = Grid("whole");
        var interrupted = Grid("interrupted");
        Assert.Equal(0, (await Run(whole)).Result.ExitCode);

        var first = await Run(interrupted, maxCells: 1);
        Assert.Single(File.ReadAllLines(Path.Combine(interrupted.Out, ExperimentStore.CellsFile)));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(interrupted.Out, ExperimentOutput.CsvFile)).Length);
        Assert.DoesNotContain(" ok", first.Output.TrimEnd().Split('\n').Last());

        var resumed = await Run(interrupted);
        Assert.Equal(0, resumed.Result.ExitCode);
        Assert.Contains("resuming: 1 of 2 cells already in", resumed.Output);
        Assert.Contains("1 to run", resumed.Output);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(interrupted.Out, ExperimentStore.CellsFile)).Length);
        Assert.Equal(WithoutTimes(whole.Out), WithoutTimes(interrupted.Out));
        Assert.Equal(3, WithoutTimes(whole.Out).Length);
    }

    [Fact]
    public async Task A_deleted_row_is_run_again_and_a_finished_grid_runs_nothing()
    {
        var grid = Grid("deleted");
        await Run(grid);
        var cells = Path.Combine(grid.Out, ExperimentStore.CellsFile);
        var before = WithoutTimes(grid.Out);
        var lines = File.ReadAllLines(cells);
        File.WriteAllLines(cells, lines[..1]);

        var rerun = await Run(grid);
        Assert.Contains("resuming: 1 of 2 cells", rerun.Output);
        Assert.Equal(lines[0], File.ReadAllLines(cells)[0]);
        Assert.Equal(before, WithoutTimes(grid.Out));
        var after = File.ReadAllLines(cells);

        var again = await Run(grid);
        Assert.Contains("all 2 cells are already in", again.Output);
        Assert.Equal(after, File.ReadAllLines(cells));
        Assert.Equal(before, WithoutTimes(grid.Out));
    }

    [Fact]
    public async Task A_line_cut_off_by_a_kill_is_dropped_and_its_cell_runs_again()
    {
        var grid = Grid("torn");
        await Run(grid);
        var cells = Path.Combine(grid.Out, ExperimentStore.CellsFile);
        var before = WithoutTimes(grid.Out);
        var lines = File.ReadAllLines(cells);
        File.WriteAllText(cells, lines[0] + "\n" + lines[1][..(lines[1].Length / 2)]);

        var rerun = await Run(grid);
        Assert.Contains("was cut off by an interruption", rerun.Output);
        Assert.Equal(2, File.ReadAllLines(cells).Length);
        Assert.Equal(before, WithoutTimes(grid.Out));
    }

    [Fact]
    public async Task A_changed_grid_in_the_same_folder_is_refused_unless_fresh()
    {
        await Run(Grid("changed"));
        var changed = Grid("changed", dropouts: "[0, 0.5]");

        var error = Assert.Throws<ArgumentException>(() => ExperimentStore.Open(changed, fresh: false));
        Assert.Equal($"The output folder '{changed.Out}' holds the results of another grid (grid.json differs from this config): " +
                     "use --fresh to replace them, or another --out.", error.Message);

        var fresh = await Run(changed, fresh: true);
        Assert.Equal(0, fresh.Result.ExitCode);
        Assert.DoesNotContain("resuming", fresh.Output);
        Assert.Equal(["0", "0.5"], WithoutTimes(changed.Out).Skip(1).Select(row => row.Split(',')[7]));
    }
}
