using SecureAgg.Tests.Learning.Data;
using Akka.Configuration;
using SecureAgg.Actors.Training;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Experiment;
using SecureAgg.Learning.Training;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Tests.Actors;
using SecureAgg.Tests.Learning.Training;

namespace SecureAgg.Tests.Experiment;

/// <summary>
/// A training grid run in process on synthetic data: a cell without dropouts is exactly <see cref="FederatedTrainer"/>
/// run with its settings, plaintext cells draw the secure cells' dropouts, and an interrupted grid resumes from
/// cells.jsonl with the files of an uninterrupted one. The secure rounds with dropouts run on a system whose deadlines
/// fire when the injected dropouts are all that is missing (<see cref="DeterministicDeadlines"/>), so no live client is late.
/// </summary>
public sealed class TrainExperimentRunSpecs : IAsyncLifetime
{
    private static readonly ActivityData Data = SyntheticActivityData.Create(clients: 9);
    private const string Training = "rounds = 3\nhidden = \"8\"\nbatch-size = 16\nlr = 0.01\nround-timeout = 2m";

    private readonly TempFolder _folder = new();
    private InProcessNode _node = null!;
    private InProcessNode _deterministic = null!;

    public async Task InitializeAsync()
    {
        _node = await InProcessNode.StartAsync(new InProcessSystemSettings(JournalTarget.Memory));
        _deterministic = await InProcessNode.StartAsync(new InProcessSystemSettings(JournalTarget.Memory, ExtraConfig: DeterministicDeadlines.Config));
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _deterministic.DisposeAsync();
        _folder.Dispose();
    }

    private TrainExperimentGrid Grid(string name, string axes, string settings = "repetitions = 2\nseed = 4") =>
        TrainExperimentGrid.Load(ConfigurationFactory.ParseString(
            $"secagg.train-experiment {{\n{settings}\nout = \"{_folder.File(name)}\"\ntrain {{\n{Training}\n}}\naxes {{\n{axes}\n}}\n}}"));

    private const string DropoutAxes = "aggregation = [secure, plaintext]\ndropout = [0, 0.3]\ndropout-round = [mask]";

    private sealed record Ran(ExperimentRunResult Result, string Output, int Starts, ExperimentStore<TrainCellResult> Store);

    private static async Task<Ran> Run(TrainExperimentGrid grid, InProcessNode node, int? maxCells = null, bool fresh = false)
    {
        Directory.CreateDirectory(grid.Out);
        var store = ExperimentStore.Open(grid, fresh);
        var starts = 0;
        using var output = new StringWriter();
        var result = await TrainExperimentRun.RunAsync(grid, store, "test.hocon", output, _ =>
        {
            starts++;
            return Task.FromResult(new TrainCellRunner(Data, node, ownsNode: false));
        }, CancellationToken.None, maxCells);
        return new Ran(result, output.ToString(), starts, store);
    }

    // A CSV without its wall-time columns, which differ between any two runs.
    private static string[] WithoutTimes(string folder, string file, string[] timing)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, file));
        var header = lines[0].Split(',');
        var keep = Enumerable.Range(0, header.Length).Where(i => !timing.Contains(header[i])).ToArray();
        return lines.Select(line => string.Join(',', keep.Select(i => line.Split(',')[i]))).ToArray();
    }

    private static (string[] Cells, string[] Rounds) Files(TrainExperimentGrid grid) =>
        (WithoutTimes(grid.Out, ExperimentOutput.CsvFile, TrainCellRow.TimingColumns), WithoutTimes(grid.Out, TrainExperimentOutput.RoundsFile, TrainRoundRow.TimingColumns));

    private static void SameFiles((string[] Cells, string[] Rounds) expected, (string[] Cells, string[] Rounds) actual)
    {
        Assert.Equal(expected.Cells, actual.Cells);
        Assert.Equal(expected.Rounds, actual.Rounds);
    }

    [Fact]
    public async Task A_cell_without_dropouts_ends_exactly_where_FederatedTrainer_run_directly_with_its_settings_ends()
    {
        var grid = Grid("exact", "aggregation = [secure, plaintext]\ndropout = [0]");

        var ran = await Run(grid, _node);

        Assert.Equal(0, ran.Result.ExitCode);
        foreach (var mode in new[] { TrainingMode.Secure, TrainingMode.FedAvg })
        {
            var cell = ran.Store.Finished[grid.Cells.Single(c => c.Mode == mode).Key];
            for (var r = 0; r < 2; r++)
            {
                // secagg train's defaults but for the grid's train block; no dropout schedule at all.
                var settings = new TrainingSettings(Mode: mode, Rounds: 3, Hidden: [8], BatchSize: 16, LearningRate: 0.01, RoundTimeout: TimeSpan.FromMinutes(2), Seed: 4 + r);
                var direct = await new FederatedTrainer(settings, Data, SecureAggregator.Over(_node.Coordinator)).RunAsync();

                var run = cell.Runs[r];
                Assert.Equal(4 + r, run.Seed);
                Assert.Equal(direct.Final.Accuracy, run.Accuracy);
                Assert.Equal(direct.Final.MacroF1, run.MacroF1);
                Assert.Equal(direct.Rounds.Select(x => x.TestAccuracy), run.Rounds.Select(x => x.Accuracy));
                Assert.Equal(direct.Rounds.Select(x => x.TrainLoss), run.Rounds.Select(x => x.TrainLoss));
                Assert.All(run.Rounds, x => Assert.Equal((9, 9, 9, false), (x.Selected, x.Planned, x.Survivors, x.Skipped)));
            }
        }
        // The two seeds give two different runs, and the secure runs are not the plaintext ones (quantisation).
        var secure = ran.Store.Finished[grid.Cells[0].Key].Runs;
        Assert.NotEqual(secure[0].Rounds.Select(x => x.TrainLoss), secure[1].Rounds.Select(x => x.TrainLoss));
        Assert.NotEqual(secure[0].Rounds.Select(x => x.TrainLoss), ran.Store.Finished[grid.Cells[1].Key].Runs[0].Rounds.Select(x => x.TrainLoss));
    }

    [Fact]
    public async Task Plaintext_cells_draw_the_secure_cells_dropouts_and_a_secure_round_is_skipped_exactly_when_fewer_than_t_are_left()
    {
        var grid = Grid("draws", DropoutAxes, "repetitions = 3\nseed = 4");

        var ran = await Run(grid, _deterministic);

        Assert.Equal(0, ran.Result.ExitCode);
        var secure = ran.Store.Finished[grid.Cells.Single(c => c.IsSecure && c.Dropout > 0).Key].Runs;
        var plain = ran.Store.Finished[grid.Cells.Single(c => !c.IsSecure && c.Dropout > 0).Key].Runs;
        var t = ProtocolParameters.WithDefaults(9, 1).Threshold;
        var rounds = secure.Zip(plain, (s, p) => s.Rounds.Zip(p.Rounds, (a, b) => (First: a, Second: b))).SelectMany(pairs => pairs).ToArray();
        Assert.Contains(rounds, pair => pair.First.Planned < 9);
        foreach (var (s, p) in rounds)
        {
            Assert.Equal(s.Planned, p.Planned);
            Assert.Equal((false, p.Planned), (p.Skipped, p.Survivors));
            Assert.Equal(s.Planned < t, s.Skipped);
            Assert.Equal(s.Skipped ? 0 : s.Planned, s.Survivors);
        }
        Assert.All(ran.Store.Finished.Values.SelectMany(c => c.Runs), run => Assert.Equal(0, run.LateRounds));
        var summary = File.ReadAllText(Path.Combine(grid.Out, ExperimentOutput.SummaryFile));
        Assert.Contains("| secure | 0.3 | mask | 3 |", summary);
        Assert.Contains("plaintext** cells draw the same dropouts", summary);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(grid.Out, TrainExperimentOutput.PlotFile))[..4]);
    }

    [Fact]
    public async Task An_interrupted_grid_runs_only_its_missing_cells_and_ends_with_the_uninterrupted_files()
    {
        var whole = Grid("whole", DropoutAxes);
        var interrupted = Grid("interrupted", DropoutAxes);
        Assert.Equal(0, (await Run(whole, _deterministic)).Result.ExitCode);

        var first = await Run(interrupted, _deterministic, maxCells: 2);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(interrupted.Out, ExperimentStore.CellsFile)).Length);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(interrupted.Out, ExperimentOutput.CsvFile)).Length);
        Assert.DoesNotContain(" ok", first.Output.TrimEnd().Split('\n').Last());

        var resumed = await Run(interrupted, _deterministic);
        Assert.Equal(0, resumed.Result.ExitCode);
        Assert.Contains("resuming: 2 of 4 cells already in", resumed.Output);
        Assert.Contains("2 to run", resumed.Output);
        Assert.EndsWith(" ok", resumed.Output.TrimEnd());
        Assert.Equal(4, File.ReadAllLines(Path.Combine(interrupted.Out, ExperimentStore.CellsFile)).Length);
        SameFiles(Files(whole), Files(interrupted));
        Assert.Equal(1 + 4, Files(whole).Cells.Length);
        Assert.Equal(1 + 4 * 2 * 3, Files(whole).Rounds.Length);

        // A finished grid runs nothing and does not even build the data.
        var again = await Run(interrupted, _deterministic);
        Assert.Contains("all 4 cells are already in", again.Output);
        Assert.Equal(0, again.Starts);
        SameFiles(Files(whole), Files(interrupted));
    }

    [Fact]
    public async Task A_line_cut_off_by_a_kill_is_dropped_and_its_cell_runs_again_and_a_changed_grid_is_refused_unless_fresh()
    {
        var grid = Grid("torn", "aggregation = [plaintext]\ndropout = [0, 0.3]");
        await Run(grid, _node);
        var cells = Path.Combine(grid.Out, ExperimentStore.CellsFile);
        var before = Files(grid);
        var lines = File.ReadAllLines(cells);
        File.WriteAllText(cells, lines[0] + "\n" + lines[1][..(lines[1].Length / 2)]);

        var rerun = await Run(grid, _node);
        Assert.Contains("was cut off by an interruption", rerun.Output);
        Assert.Contains("resuming: 1 of 2 cells", rerun.Output);
        SameFiles(before, Files(grid));

        var changed = Grid("torn", "aggregation = [plaintext]\ndropout = [0, 0.5]");
        var error = Assert.Throws<ArgumentException>(() => ExperimentStore.Open(changed, fresh: false));
        Assert.StartsWith($"The output folder '{changed.Out}' holds the results of another grid", error.Message);
        var fresh = await Run(changed, _node, fresh: true);
        Assert.DoesNotContain("resuming", fresh.Output);
        Assert.Equal(["0", "0.5"], Files(changed).Cells.Skip(1).Select(row => row.Split(',')[1]));
    }

    // Cancels, as a signal would, once the first cell is reported done.
    private sealed class CancelAfterFirstCell(CancellationTokenSource signal) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains("1/", StringComparison.Ordinal) == true && value.Contains("cells done", StringComparison.Ordinal))
                signal.Cancel();
        }
    }

    [Fact]
    public async Task A_grid_stopped_by_a_signal_keeps_its_finished_cells_exits_1_and_resumes_after_them()
    {
        var grid = Grid("stopped", "aggregation = [plaintext]\ndropout = [0, 0.3]");
        Directory.CreateDirectory(grid.Out);
        using var signal = new CancellationTokenSource();
        using var output = new CancelAfterFirstCell(signal);

        var result = await TrainExperimentRun.RunAsync(grid, ExperimentStore.Open(grid, fresh: false), "test.hocon", output,
            _ => Task.FromResult(new TrainCellRunner(Data, null)), signal.Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(File.ReadAllLines(Path.Combine(grid.Out, ExperimentStore.CellsFile)));
        Assert.DoesNotContain(" ok", output.ToString().TrimEnd().Split('\n').Last());
        var resumed = await Run(grid, _node);
        Assert.Equal(0, resumed.Result.ExitCode);
        Assert.Contains("resuming: 1 of 2 cells", resumed.Output);
    }

    [Fact]
    public async Task A_run_whose_node_shuts_down_ends_at_once_with_a_cancellation_not_at_the_round_timeout()
    {
        var node = await InProcessNode.StartAsync(new InProcessSystemSettings(JournalTarget.Memory));
        await using var runner = new TrainCellRunner(Data, node);
        var grid = Grid("shutdown", "dropout = [0]");
        await node.System.Terminate();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(grid.Settings(grid.Cells[0], 0), null, CancellationToken.None));

        Assert.True(runner.ShutDown);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{clock.Elapsed}: the round timeout is 2 min");
    }
}
