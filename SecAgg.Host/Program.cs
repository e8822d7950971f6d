using System.CommandLine;
using SecAgg.Host.Bench;
using SecAgg.Host.Simulate;
using SecAgg.Host.Train;

var root = new RootCommand("SecAgg: secure aggregation (Bonawitz et al. 2017, SecAgg+ 2020) for federated learning.");
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(SecAgg.Host.Report.ReportCommand.Create());
root.Subcommands.Add(SecAgg.Host.Cluster.ServerCommand.Create());
root.Subcommands.Add(SecAgg.Host.Cluster.ClientCommand.Create());
root.Subcommands.Add(SecAgg.Host.Wire.WireCommand.Create());
root.Subcommands.Add(SecAgg.Host.Keys.KeysCommand.Create());
return root.Parse(args).Invoke();
