using System.Diagnostics;
using System.Globalization;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// Progress of a grid on the console: cells done of all, elapsed time and an estimate of the time left: this run's
/// time so far per unit of work, a run's work taken as n × s (s the neighbourhood size; the pairwise keys, shares and
/// masks dominate), times the work left.
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
    private double _currentWork;
    private TimeSpan _lastPrinted = -Heartbeat;
    private string _current = "";

    public ExperimentProgress(TextWriter output, int cells, int alreadyDone, int repetitions, IEnumerable<ExperimentCell> todo)
    {
        _log = new ProgressLog(output);
        _cells = cells;
        _cellsDone = alreadyDone;
        _repetitions = repetitions;
        _workToDo = todo.Sum(c => Work(c) * repetitions);
        _timer = new Timer(_ => Quiet(), null, Heartbeat, Heartbeat);
    }

    public void RunStarted(ExperimentCell cell, int repetition)
    {
        lock (_gate)
        {
            _current = $"cell {_cellsDone + 1}/{_cells} ({cell.Key}) run {repetition + 1}/{_repetitions}";
            _currentWork = Work(cell);
        }
    }

    public void RunFinished()
    {
        lock (_gate)
            _workDone += _currentWork;
    }

    public void CellFinished(ExperimentCell cell, CellStatistics stats)
    {
        lock (_gate)
        {
            _cellsDone++;
            if (_clock.Elapsed - _lastPrinted < MinimumGap && _cellsDone < _cells)
                return;
            Say(string.Create(CultureInfo.InvariantCulture, $"{_cellsDone}/{_cells} cells done · last: {cell.Key}: {stats.Completed}/{stats.Runs} completed"));
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
                Say($"running {_current}");
        }
    }

    private void Say(string what) => _log.Say(Status(what));

    private string Status(string what)
    {
        _lastPrinted = _clock.Elapsed;
        var left = _workDone == 0 ? "time left unknown yet" : $"about {Format(_clock.Elapsed / _workDone * (_workToDo - _workDone))} left";
        return $"{what} · elapsed {Format(_clock.Elapsed)} · {left}";
    }

    private static double Work(ExperimentCell cell) => (double)cell.Clients * cell.Parameters().NeighbourhoodSize;

    public static string Format(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours}h {span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds:00}s" : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F0}s");
}
