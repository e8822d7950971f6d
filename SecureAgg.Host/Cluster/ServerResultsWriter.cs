using Akka.Actor;
using SecureAgg.Protocol;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Training;
using SecureAgg.Crypto;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// The server node's progress lines and result files, from the coordinator's notices: <c>rounds.csv</c> (one row per
/// protocol round, with bytes per client), <c>sessions.csv</c> and <c>summary.json</c>. A server resuming a run after
/// a crash appends to the rows the crashed one wrote; summary.json covers the sessions this process finished. The
/// one actor that writes them, so rows never interleave; the host asks it for <see cref="RunFinished"/>, which it
/// answers once the coordinator says the node stopped and everything before that is written, with the training
/// run's latest <see cref="ClusterTrainingProgress"/> (the host writes metrics.csv and accuracy.png from it).
/// </summary>
public sealed class ServerResultsWriter : ReceiveActor
{
    private readonly string _folder;
    private readonly int _sessions;
    private readonly ProgressLog _progress;
    private readonly CsvResultFile<RoundRow> _rounds;
    private readonly CsvResultFile<SessionRow> _sessionRows;
    private readonly List<ClusterSessionResult> _results = [];
    private readonly Dictionary<SessionId, ClusterSessionOpened> _opened = [];
    private readonly List<IActorRef> _waiting = [];
    private string? _writeError;
    private ClusterTrainingProgress? _training;
    private RunFinished? _finished;

    public ServerResultsWriter(string folder, int sessions, ProgressLog progress)
    {
        _folder = folder;
        _sessions = sessions;
        _progress = progress;
        _rounds = new CsvResultFile<RoundRow>(Path.Combine(folder, "rounds.csv"));
        _sessionRows = new CsvResultFile<SessionRow>(Path.Combine(folder, "sessions.csv"));

        Receive<ServerRunStarted>(OnRunStarted);
        Receive<ClientJoined>(joined => _progress.Say($"client joined: {joined.Name} ({joined.Registered} registered)"));
        Receive<ClientLeft>(left => _progress.Say($"client left: {left.Name} ({left.Registered} registered)"));
        Receive<SessionOpenedNotice>(OnSessionOpened);
        Receive<RoundClosedNotice>(OnRoundClosed);
        Receive<ClusterSessionResult>(OnSessionFinished);
        Receive<ClusterTrainingProgress>(progress => _training = progress);
        Receive<ServerNodeStopped>(OnStopped);
        Receive<RejoinNotice>(rejoin => _progress.Say($"rejoining through {rejoin.ClientNodes} known client node(s) in {rejoin.Delay.TotalSeconds:0.#} s, once they have removed this server's previous incarnation"));
        Receive<JournalWaitNotice>(wait => _progress.Say($"the session failed ({wait.Reason.TrimEnd('.')}); waiting up to {wait.Limit.TotalSeconds:0} s for the journal before the next session"));
        Receive<JournalBackNotice>(back => _progress.Say($"journal available again after {back.Waited.TotalSeconds:F1} s; going on"));
        Receive<AwaitRunFinished>(_ =>
        {
            if (_finished is { } finished)
                Sender.Tell(finished);
            else
                _waiting.Add(Sender);
        });
    }

    public static Props Props(string folder, int sessions, ProgressLog progress) =>
        Akka.Actor.Props.Create(() => new ServerResultsWriter(folder, sessions, progress));

    protected override void PreStart() => Write("the output folder", () => Directory.CreateDirectory(_folder));

    private void OnRunStarted(ServerRunStarted started)
    {
        Write(_rounds.Path, () => _rounds.Start(started.Continuing));
        Write(_sessionRows.Path, () => _sessionRows.Start(started.Continuing));
        if (started.Continuing)
            _progress.Say("journal: resuming a run interrupted by a crash: rows are appended to rounds.csv and sessions.csv");
        else if (started.FinishedRuns > 0)
            _progress.Say($"journal: it holds {started.FinishedRuns} finished run{(started.FinishedRuns == 1 ? "" : "s")}: this is a new run, its sessions are added " +
                          "(session numbers go on; report lists every run's sessions)");
        else
            _progress.Say("journal: no earlier run in it: this is a new run");
    }

    private void OnSessionOpened(SessionOpenedNotice notice)
    {
        var (opened, p) = (notice.Opened, notice.Opened.Parameters);
        _opened[opened.Session] = opened;
        _progress.Say($"session {opened.Index}{Of()} {(notice.Resumed ? "resumed from the journal" : "opened")}: n={p.ClientCount} t={p.Threshold} m={p.VectorLength} b={p.Bits}" +
                      (p.IsComplete ? "" : $" k={p.Neighbours}") + (opened.TaskPayload.Length > 0 ? $", task payload {opened.TaskPayload.Length} B per client" : ""));
    }

    private void OnRoundClosed(RoundClosedNotice notice)
    {
        // A session's rounds always follow its opening notice: both come from the coordinator, in order.
        var row = RoundRow.Of(_opened.TryGetValue(notice.Session, out var opened) ? opened.Index : 0, notice);
        _progress.Say($"session {row.Index} round {row.Round} closed: {notice.Survivors}/{notice.Expected} clients in {notice.Elapsed.TotalSeconds:F2} s" +
                      $"{(notice.ByDeadline ? " (deadline)" : "")}, {row.BytesUpPerClient:F0} B up and {row.BytesDownPerClient:F0} B down per client");
        Write(_rounds.Path, () => _rounds.Append(row));
    }

    private void OnSessionFinished(ClusterSessionResult result)
    {
        // Sent to every client with its assignment (e.g. the global model), outside the protocol's rounds.
        var payloadBytes = _opened.TryGetValue(result.Session, out var opened) ? opened.TaskPayload.Length : 0;
        var row = SessionRow.Of(result, payloadBytes);
        var check = result.Verified switch { true => "aggregate verified", false => "aggregate WRONG", null => "aggregate used" };
        _progress.Say(result.Completed
            ? $"session {result.Index} completed in {result.Elapsed.TotalSeconds:F2} s: |U3|={row.U3 ?? 0} of {result.Parameters.ClientCount}, {check}" +
              $"{(result.Recovered ? " (server recovered from its journal)" : "")}, {row.BytesUpPerClient:F0} B up / {row.BytesDownPerClient:F0} B down per client, " +
              $"sha256 {row.AggregateSha256[..16]}"
            : result.AbortReason is IInfrastructureFailure
                ? $"session {result.Index} FAILED after {result.Elapsed.TotalSeconds:F2} s (infrastructure, not a protocol abort): {result.AbortReason.Message}"
                : $"session {result.Index} aborted after {result.Elapsed.TotalSeconds:F2} s: {result.AbortReason?.Message}");
        if (result.TaskSummary is { } summary && result.Verified is null)
            _progress.Say($"session {result.Index}: {summary}");
        _results.Add(result);
        _opened.Remove(result.Session);
        Write(_sessionRows.Path, () => _sessionRows.Append(row));
        var summaryPath = Path.Combine(_folder, "summary.json");
        Write(summaryPath, () => File.WriteAllText(summaryPath, SummaryJson.Of(_results)));
    }

    private void OnStopped(ServerNodeStopped stopped)
    {
        // The first stop is the run's verdict (a journal failure may follow a stop).
        if (_finished is not null)
            return;
        _finished = new RunFinished(stopped.Error ?? _writeError, _results.ToArray(), _training, stopped.Infrastructure);
        foreach (var waiting in _waiting)
            waiting.Tell(_finished);
        _waiting.Clear();
    }

    /// <summary>
    /// Writes a result file; a failure (disk full, no permission) is reported and fails the run instead of
    /// restarting the writer, which would forget the results and who waits for them.
    /// </summary>
    private void Write(string what, Action write)
    {
        try
        {
            write();
        }
        catch (Exception error)
        {
            var problem = $"cannot write {what}: {error.Message}";
            _writeError ??= problem;
            _progress.Say(problem);
        }
    }

    // A crash would forget the results and who waits for them: whoever waits hears a failed run instead of nothing.
    protected override void PreRestart(Exception reason, object message)
    {
        OnStopped(new ServerNodeStopped($"the results writer failed: {reason.Message}"));
        base.PreRestart(reason, message);
    }

    private string Of() => _sessions > 0 ? $"/{_sessions}" : "";
}
