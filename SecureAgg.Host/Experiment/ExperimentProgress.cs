using System.Diagnostics;
using System.Globalization;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// Progress of a grid on the console: cells done of all, elapsed time and an estimate of the time left: this run's
/// time so far per unit of work times the work left. The unit is the caller's: a protocol grid counts an
/// aggregation as n × s (s the neighbourhood size; the pairwise keys, shares and masks dominate), a training grid
/// counts federated rounds.
/// A finished cell is printed at most every <see cref="MinimumGap"/>; a quiet stretch gets a line every
/// <see cref="Heartbeat"/>, so a long cell is not taken for hung.
/// </summary>
public sealed class ExperimentProgress : IDisposable
{
    public static readonly TimeSpan MinimumGap = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly ProgressLog _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _cells;
    private readonly int _repetitions;
    private readonly double _workToDo;
    private readonly Timer _timer;
    private int _cellsDone;
    private double _workDone;
    private string _detail = "";
    private TimeSpan _lastPrinted = -Heartbeat;
    private string _current = "";

    /// <param name="workToDo">The work of the cells still to run, in the caller's unit.</param>
    public ExperimentProgress(TextWriter output, int cells, int alreadyDone, int repetitions, double workToDo)
    {
        _log = new ProgressLog(output);
        _cells = cells;
        _cellsDone = alreadyDone;
        _repetitions = repetitions;
        _workToDo = workToDo;
        _timer = new Timer(_ => Quiet(), null, Heartbeat, Heartbeat);
    }

    public void RunStarted(string cell, int repetition)
    {
        lock (_gate)
        {
            _current = $"cell {_cellsDone + 1}/{_cells} ({cell}) run {repetition + 1}/{_repetitions}";
            _detail = "";
        }
    }

    /// <summary><paramref name="work"/> more is done; <paramref name="detail"/>, if given, says where the current run is (e.g. ", round 3/20").</summary>
    public void Advance(double work, string? detail = null)
    {
        lock (_gate)
        {
            _workDone += work;
            _detail = detail ?? _detail;
        }
    }

    /// <param name="outcome">What the cell's runs gave, in a few words.</param>
    public void CellFinished(string cell, string outcome)
    {
        lock (_gate)
        {
            _cellsDone++;
            if (_clock.Elapsed - _lastPrinted < MinimumGap && _cellsDone < _cells)
                return;
            Say($"{_cellsDone}/{_cells} cells done · last: {cell}: {outcome}");
        }
    }

    public void Dispose()
    {
        using var stopped = new ManualResetEvent(false);
        if (_timer.Dispose(stopped))
            stopped.WaitOne();
    }

    private void Quiet()
    {
        lock (_gate)
        {
            if (_clock.Elapsed - _lastPrinted >= Heartbeat)
                Say($"running {_current}{_detail}");
        }
    }

    private void Say(string what) => _log.Say(Status(what));

    private string Status(string what)
    {
        _lastPrinted = _clock.Elapsed;
        var left = _workDone == 0 ? "time left unknown yet" : $"about {Format(_clock.Elapsed / _workDone * (_workToDo - _workDone))} left";
        return $"{what} · elapsed {Format(_clock.Elapsed)} · {left}";
    }

    public static string Format(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours}h {span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds:00}s" : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F0}s");
}
