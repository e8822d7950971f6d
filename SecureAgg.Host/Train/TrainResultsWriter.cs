using Akka.Actor;
using SecureAgg.Host.Output;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Training;

namespace SecureAgg.Host.Train;

/// <summary>A training run of one mode begins (its opening line; the first one starts metrics.csv).</summary>
public sealed record TrainRunStarted(TrainingSettings Settings) : INoSerializationVerificationNeeded;

/// <summary>A round (central: epoch) of <paramref name="Rounds"/> finished; a sender hears <see cref="TrainRoundWritten"/>.</summary>
public sealed record TrainRoundFinished(TrainingMode Mode, int Rounds, TrainingRoundMetrics Metrics) : INoSerializationVerificationNeeded;

/// <summary>The round's row is in metrics.csv (or could not be written: the final write reports why).</summary>
public sealed record TrainRoundWritten(TrainingMode Mode, int Round) : INoSerializationVerificationNeeded;

/// <summary>
/// Write accuracy.png, confusion.csv and model.json of the runs now; answered with <see cref="TrainResultsWritten"/>.
/// The model file takes the data's global <paramref name="Standardizer"/> (null: per-device standardisation) and the
/// held-out <paramref name="TestSubjects"/>.
/// </summary>
public sealed record WriteTrainResults(IReadOnlyList<TrainingRun> Runs, DataPreparation Preparation, Standardizer? Standardizer, IReadOnlyList<int> TestSubjects)
    : INoSerializationVerificationNeeded;

/// <summary>The result files written, or why not all of them could be (then the run failed).</summary>
public sealed record TrainResultsWritten(IReadOnlyList<string> Files, string? Error) : INoSerializationVerificationNeeded;

/// <summary>
/// The one writer of <c>secagg train</c>'s results: the progress line of each round as it finishes, with its row
/// appended to metrics.csv (CsvHelper) at once, so a crash loses no finished row; at the end accuracy.png,
/// confusion.csv (of the last run) and model.json. A file that cannot be written, or a crash of the writer, fails the
/// run: the final write answers with the error, so whoever waits always hears.
/// </summary>
public sealed class TrainResultsWriter : ReceiveActor
{
    private readonly string _folder;
    private readonly TextWriter _output;
    private readonly CsvResultFile<TrainMetricsRow> _metrics;
    private bool _started;
    private string? _writeError;

    public TrainResultsWriter(string folder, TextWriter output)
    {
        _folder = folder;
        _output = output;
        _metrics = new CsvResultFile<TrainMetricsRow>(Path.Combine(folder, "metrics.csv"));

        Receive<TrainRunStarted>(started =>
        {
            StartMetrics();
            _output.WriteLine(TrainOutput.RunLine(started.Settings));
        });
        Receive<TrainRoundFinished>(finished =>
        {
            _output.WriteLine(TrainOutput.RoundLine(finished.Mode, finished.Rounds, finished.Metrics));
            StartMetrics();
            Write(_metrics.Path, () => _metrics.Append(TrainMetricsRow.Of(finished.Mode, finished.Metrics)));
            if (!Sender.IsNobody())
                Sender.Tell(new TrainRoundWritten(finished.Mode, finished.Metrics.Round));
        });
        Receive<WriteTrainResults>(write =>
        {
            var files = new[] { _metrics.Path, Path.Combine(_folder, "accuracy.png"), Path.Combine(_folder, "confusion.csv"), Path.Combine(_folder, "model.json") };
            try
            {
                StartMetrics();
                var main = write.Runs[^1];
                Write(files[1], () => TrainOutput.PlotAccuracy(files[1], write.Runs));
                Write(files[2], () => TrainOutput.WriteConfusion(files[2], main));
                Write(files[3], () => TrainOutput.WriteModel(files[3], main, write.Preparation, write.Standardizer, write.TestSubjects));
                Sender.Tell(new TrainResultsWritten(files, _writeError));
            }
            catch (Exception error)
            {
                // Whoever waits hears of the failure rather than nothing.
                Sender.Tell(new TrainResultsWritten(files, Failed(error)));
            }
        });
    }

    public static Props Props(string folder, TextWriter output) => Akka.Actor.Props.Create(() => new TrainResultsWriter(folder, output));

    /// <summary>metrics.csv starts over with its header when the first run begins (an earlier run's file is replaced).</summary>
    private void StartMetrics()
    {
        if (_started)
            return;
        _started = true;
        Write(_metrics.Path, () => _metrics.Start(continuing: false));
    }

    /// <summary>
    /// Writes a result file; a failure (disk full, no permission) is remembered for the final answer instead of
    /// restarting the writer.
    /// </summary>
    private void Write(string what, Action write)
    {
        try
        {
            write();
        }
        catch (Exception error)
        {
            _writeError ??= $"cannot write {what}: {error.Message}";
        }
    }

    // The restarted writer keeps the rows written so far (no new header) and fails the run at the final write: a
    // crash may have lost a row.
    protected override void PostRestart(Exception reason)
    {
        _started = true;
        _writeError = Failed(reason);
    }

    private static string Failed(Exception reason) => $"the results writer failed: {reason.Message}";
}
