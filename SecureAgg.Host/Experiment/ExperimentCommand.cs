using System.CommandLine;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// <c>secagg experiment</c>: a grid of simulations from a HOCON <c>secagg.experiment</c> block (the cross product of
/// its axes, each cell repeated with distinct seeds), with cells.csv, summary.md and plots, resumable after an
/// interruption.
/// </summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "HOCON file with a secagg.experiment block (see hocon/experiment-smoke.hocon).", Required = true };
        var output = new Option<string?>("--out") { Description = "Folder for cells.jsonl, cells.csv, summary.md and the plots. [default: the file's out]" };
        var fresh = new Option<bool>("--fresh") { Description = "Delete a previous grid's results in the folder and start over (else a changed grid is refused)." };
        var command = new Command("experiment", "Run a grid of simulations (protocol × security × n × m × b × t × dropout) and tabulate and plot it.")
        {
            config, output, fresh,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var path = result.GetValue(config)!.FullName;
            ExperimentGrid grid;
            ExperimentStore store;
            try
            {
                grid = ExperimentGrid.Load(HoconFile.Load(path, ExperimentOptions.Block), result.GetValue(output));
                ExperimentRun.Check(grid);
                OutputFolder.Prepare(grid.Out);
                store = ExperimentStore.Open(grid, result.GetValue(fresh));
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"secagg experiment: {error.Message}");
                return 2;
            }
            return (await ExperimentRun.RunAsync(grid, store, Path.GetFileName(path), Console.Out, cancellation)).ExitCode;
        });
        return command;
    }
}
