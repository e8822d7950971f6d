using System.CommandLine;
using SecureAgg.Host.Bench;
using SecureAgg.Host.Simulate;
using SecureAgg.Host.Train;

var root = new RootCommand("SecAgg: secure aggregation (Bonawitz et al. 2017, SecAgg+ 2020) for federated learning.");
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(SecureAgg.Host.Report.ReportCommand.Create());
root.Subcommands.Add(SecureAgg.Host.Cluster.ServerCommand.Create());
root.Subcommands.Add(SecureAgg.Host.Cluster.ClientCommand.Create());
root.Subcommands.Add(SecureAgg.Host.Wire.WireCommand.Create());
root.Subcommands.Add(SecureAgg.Host.Keys.KeysCommand.Create());
return root.Parse(args).Invoke();
