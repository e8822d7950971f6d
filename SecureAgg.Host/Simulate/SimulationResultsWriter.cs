using Akka.Actor;
using CsvHelper;
using SecureAgg.Actors;
using SecureAgg.Actors.InProcess;
using SecureAgg.Host.Output;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Simulate;

/// <summary>A round of the simulation begins (progress lines name it).</summary>
public sealed record SimulationRoundStarted(string Label, int Round, int Rounds) : INoSerializationVerificationNeeded;

/// <summary>A round of the simulation ended, in experiment <paramref name="SweepValue"/> of a dropout sweep.</summary>
public sealed record SimulationRoundFinished(double? SweepValue, SimulationRoundResult Result) : INoSerializationVerificationNeeded;

/// <summary>Write metrics.csv and summary.json now; answered with <see cref="SimulationResultsWritten"/>.</summary>
public sealed record WriteSimulationResults(SimulationConfig Settings, JournalTarget Journal, TimeSpan Elapsed) : INoSerializationVerificationNeeded;

public sealed record SimulationResultsWritten(string Metrics, string Summary, string? Error) : INoSerializationVerificationNeeded;

/// <summary>
/// The one writer of a simulation's results: progress on the console as phases and rounds close (a live line on a
/// terminal), and at the end metrics.csv (CsvHelper) and summary.json.
/// </summary>
public sealed class SimulationResultsWriter : ReceiveActor
{
    private readonly List<(double? SweepValue, SimulationRoundResult Result)> _results = [];
    private readonly ProgressDisplay _progress;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private SimulationRoundStarted _current = new("", 0, 0);

    public SimulationResultsWriter(string outDir, bool live)
    {
        _progress = new ProgressDisplay(Console.Out, live);
        Receive<SimulationRoundStarted>(started => _current = started);
        Receive<RoundClosedNotice>(notice => _progress.PhaseClosed(_current.Label, _current.Round, _current.Rounds, notice, _clock.Elapsed));
        Receive<SimulationRoundFinished>(finished =>
        {
            _results.Add((finished.SweepValue, finished.Result));
            _progress.RoundFinished(_current.Label, _current.Round, _current.Rounds, finished.Result, _clock.Elapsed);
        });
        Receive<WriteSimulationResults>(write =>
        {
            var metrics = Path.Combine(outDir, "metrics.csv");
            var summary = Path.Combine(outDir, "summary.json");
            try
            {
                using (var csv = CsvWriter.ToFile(metrics, ResultCsv.Format, FileOptions.None))
                    csv.WriteRecords(_results.Select(r => SimulationMetricsRow.Of(write.Settings.Clients, r.SweepValue, r.Result)));
                SimulationOutput.WriteSummary(summary, write.Settings, write.Journal, _results, write.Elapsed);
                Sender.Tell(new SimulationResultsWritten(metrics, summary, null));
            }
            catch (Exception error)
            {
                Sender.Tell(new SimulationResultsWritten(metrics, summary, error.Message));
            }
        });
    }

    public static Props Props(string outDir, bool live) => Akka.Actor.Props.Create(() => new SimulationResultsWriter(outDir, live));
}
