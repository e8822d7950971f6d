using System.CommandLine;
using SecureAgg.Host;
using SecureAgg.Host.Bench;
using SecureAgg.Host.Cluster;
using SecureAgg.Host.Experiment;
using SecureAgg.Host.Keys;
using SecureAgg.Host.Pki;
using SecureAgg.Host.Predict;
using SecureAgg.Host.Report;
using SecureAgg.Host.Simulate;
using SecureAgg.Host.Train;
using SecureAgg.Host.Wire;

var root = new RootCommand("secagg: secure aggregation (Bonawitz et al. 2017, SecAgg+ 2020) for federated learning.")
{
    TrainCommand.Create(),
    PredictCommand.Create(),
    SimulateCommand.Create(),
    ExperimentCommand.Create(),
    BenchCommand.Create(),
    ServerCommand.Create(),
    ClientCommand.Create(),
    ReportCommand.Create(),
    WireCommand.Create(),
    KeysCommand.Create(),
    PkiCommand.Create(),
};
var parsed = root.Parse(args);
return parsed.Errors.Count > 0 ? UsageError.Print(parsed) : await parsed.InvokeAsync();
