using Akka.Actor;
using CsvHelper;
using SecureAgg.Actors;
using SecureAgg.Actors.InProcess;
using SecureAgg.Host.Output;
using SecureAgg.Persistence;
using SecureAgg.Protocol;

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
public sealed class SimulationResultsWriter : ReceiveActor, IWithTimers
{
    /// <summary>A round that prints nothing for this long gets a "still running" line (big rounds take minutes).</summary>
    public static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(5);

    private readonly List<(double? SweepValue, SimulationRoundResult Result)> _results = [];
    private readonly ProgressDisplay _progress;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private SimulationRoundStarted _current = new("", 0, 0);
    private bool _running;
    private ServerPhase? _lastClosed;
    private TimeSpan _lastPrinted;

    public SimulationResultsWriter(string outDir, bool live)
    {
        _progress = new ProgressDisplay(Console.Out, live);
        Receive<SimulationRoundStarted>(started =>
        {
            _current = started;
            _running = true;
            _lastClosed = null;
            _lastPrinted = _clock.Elapsed;
        });
        Receive<RoundClosedNotice>(notice =>
        {
            _lastClosed = notice.Phase;
            if (_progress.PhaseClosed(_current.Label, _current.Round, _current.Rounds, notice, _clock.Elapsed))
                _lastPrinted = _clock.Elapsed;
        });
        Receive<SimulationRoundFinished>(finished =>
        {
            _results.Add((finished.SweepValue, finished.Result));
            _running = false;
            _progress.RoundFinished(_current.Label, _current.Round, _current.Rounds, finished.Result, _clock.Elapsed);
        });
        Receive<StillRunning>(_ =>
        {
            if (!_running || _clock.Elapsed - _lastPrinted < QuietLimit)
                return;
            _progress.StillRunning(_current.Label, _current.Round, _current.Rounds, _lastClosed, _clock.Elapsed);
            _lastPrinted = _clock.Elapsed;
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

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(StillRunning), StillRunning.Instance, TimeSpan.FromSeconds(1));

    private sealed class StillRunning
    {
        public static readonly StillRunning Instance = new();
    }

    public static Props Props(string outDir, bool live) => Akka.Actor.Props.Create(() => new SimulationResultsWriter(outDir, live));
}
