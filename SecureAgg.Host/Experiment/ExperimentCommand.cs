using System.CommandLine;
using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// <c>secagg experiment</c>: a grid from a HOCON file, resumable after an interruption. A <c>secagg.experiment</c>
/// block is a grid of simulations (the cross product of its protocol axes, each cell repeated with distinct seeds), with
/// cells.csv, summary.md and plots; a <c>secagg.train-experiment</c> block is a grid of training runs (aggregation ×
/// dropout round × dropout probability, each cell repeated with seeds seed + r), with cells.csv, rounds.csv,
/// summary.md and accuracy.png.
/// </summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = "HOCON file with a secagg.experiment block (protocol grid, see hocon/experiment-smoke.hocon) or a secagg.train-experiment block " +
                          "(training grid, see hocon/train-experiment-smoke.hocon).",
            Required = true,
        };
        var output = new Option<string?>("--out") { Description = "Folder for cells.jsonl, cells.csv, summary.md and the plots. [default: the file's out]" };
        var fresh = new Option<bool>("--fresh") { Description = "Delete a previous grid's results in the folder and start over (else a changed grid is refused)." };
        var data = new Option<string?>("--data") { Description = "Training grids: the data folder (wins over the file's train.data and SECAGG_DATA)." };
        var command = new Command("experiment",
            "Run a grid of simulations (protocol × security × n × m × b × t × dropout) or of training runs (aggregation × dropout round × dropout) and tabulate and plot it.")
        {
            config, output, fresh, data,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var path = result.GetValue(config)!.FullName;
            Config file;
            try
            {
                file = Load(path);
                if (!file.HasPath(TrainExperimentOptions.Block) && result.GetValue(data) is not null)
                    throw new ArgumentException($"--data applies to a training grid ({TrainExperimentOptions.Block}); '{path}' holds a protocol grid ({ExperimentOptions.Block}).");
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"secagg experiment: {error.Message}");
                return 2;
            }
            return file.HasPath(TrainExperimentOptions.Block)
                ? await RunTraining(file, Path.GetFileName(path), result.GetValue(output), result.GetValue(data), result.GetValue(fresh), cancellation)
                : await RunProtocol(file, Path.GetFileName(path), result.GetValue(output), result.GetValue(fresh), cancellation);
        });
        return command;
    }

    /// <summary>The file, which must hold exactly one grid block of either kind.</summary>
    private static Config Load(string path)
    {
        var file = HoconFile.Load(path);
        var (protocol, training) = (file.HasPath(ExperimentOptions.Block), file.HasPath(TrainExperimentOptions.Block));
        if (protocol && training)
            throw new ArgumentException($"Config file '{path}' has both a {ExperimentOptions.Block} and a {TrainExperimentOptions.Block} block: one grid per file.");
        if (!protocol && !training)
            throw new ArgumentException($"Config file '{path}' has no {ExperimentOptions.Block} block (nor a {TrainExperimentOptions.Block} block).");
        return file;
    }

    private static async Task<int> RunProtocol(Config file, string configName, string? outFlag, bool fresh, CancellationToken cancellation)
    {
        ExperimentGrid grid;
        ExperimentStore<CellResult> store;
        try
        {
            grid = ExperimentGrid.Load(file, outFlag);
            ExperimentRun.Check(grid);
            OutputFolder.Prepare(grid.Out);
            store = ExperimentStore.Open(grid, fresh);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"secagg experiment: {error.Message}");
            return 2;
        }
        return (await ExperimentRun.RunAsync(grid, store, configName, Console.Out, cancellation)).ExitCode;
    }

    private static async Task<int> RunTraining(Config file, string configName, string? outFlag, string? dataFlag, bool fresh, CancellationToken cancellation)
    {
        TrainExperimentGrid grid;
        ExperimentStore<TrainCellResult> store;
        try
        {
            grid = TrainExperimentGrid.Load(file, outFlag, dataFlag);
            TrainExperimentRun.Check(grid);
            OutputFolder.Prepare(grid.Out);
            store = ExperimentStore.Open(grid, fresh);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"secagg experiment: {error.Message}");
            return 2;
        }
        var result = await TrainExperimentRun.RunAsync(grid, store, configName, Console.Out,
            ct => TrainCellRunner.StartAsync(grid, Console.WriteLine, ct), cancellation);
        return result.ExitCode;
    }
}
