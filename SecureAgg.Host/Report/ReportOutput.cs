using CsvHelper;
using System.Globalization;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Report;

/// <summary>The report as text (one block per session) and as CSV (one row per session).</summary>
public static class ReportOutput
{
    public const string CsvHeader =
        "session,started,ended,duration_ms,mode,vector_length,phases,last_closed,u1,u2,u3,u4,u5," +
        "dropped_advertise,dropped_share,dropped_mask,dropped_consistency,dropped_unmask," +
        "advertise_ms,share_ms,mask_ms,consistency_ms,unmask_ms,outcome,cluster_server,cluster_index,n,t,bits,task";

    public const string JournalLimits =
        "note: the journal records only the messages the server accepted and when each phase closed. It does not hold n " +
        "(a client that never advertised keys leaves no trace), the threshold t, the aggregate or whether it was checked. " +
        "\"completed\" means Unmasking closed with every client asked to unmask answering; started/ended are the first and " +
        "last journalled events.";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The one line about integrity: not checked without a key, else how many sessions verified and failed.</summary>
    public static string IntegrityLine(bool checkedUnderKey, IReadOnlyList<SessionHistory> sessions, IReadOnlyList<string> coordinatorFailures)
    {
        if (!checkedUnderKey)
            return "integrity: not checked (no --journal-key FILE, or --identity FILE for a server's journal): the records were read without verifying their seals.";
        var failed = sessions.Count(s => s.Integrity?.Failed == true);
        var unsealed = sessions.Count(s => s.Integrity is { Failed: false, Unsealed: > 0 });
        var line = $"integrity: checked under the journal key: {sessions.Count - failed - unsealed} session{(sessions.Count - failed - unsealed == 1 ? "" : "s")} verified, " +
                   $"{unsealed} with unsealed records, {failed} FAILED";
        return coordinatorFailures.Count == 0 ? line : $"{line}; coordinator journal FAILED: {string.Join(" ", coordinatorFailures)}";
    }

    public static void WriteText(TextWriter output, JournalTarget journal, IReadOnlyList<SessionHistory> sessions, string? integrityLine = null)
    {
        var events = sessions.Sum(s => s.Events);
        output.WriteLine($"secagg report: {journal}: {Plural(sessions.Count, "session")}, {Plural(events, "event")}");
        foreach (var session in sessions)
        {
            output.WriteLine();
            WriteSession(output, session);
        }
        output.WriteLine();
        if (integrityLine is not null)
            output.WriteLine(integrityLine);
        output.WriteLine(JournalLimits);
        output.WriteLine(
            $"report sessions={sessions.Count} completed={Count(sessions, SessionOutcome.Completed)} " +
            $"unmasking_short={Count(sessions, SessionOutcome.UnmaskingClosedShort)} ended_early={Count(sessions, SessionOutcome.EndedAfter)} " +
            $"in_progress={Count(sessions, SessionOutcome.InProgress)}");
    }

    private static void WriteSession(TextWriter output, SessionHistory session)
    {
        output.WriteLine($"session {session.Session}");
        var mode = session.Mode switch
        {
            SessionMode.Active => "active",
            SessionMode.SemiHonest => "semi-honest",
            _ => "unknown",
        };
        output.WriteLine($"  mode      {mode} ({session.ModeEvidence}){(session.VectorLength is { } m ? $", m = {m}" : "")}");
        if (session.Cluster is { } cluster)
        {
            var p = cluster.Opened.Parameters;
            output.WriteLine($"  cluster   server '{cluster.ServerName}', session #{cluster.Opened.Index}: n = {p.ClientCount}, t = {p.Threshold}, b = {p.Bits}" +
                             $"{(p.IsComplete ? "" : $", k = {p.Neighbours}")}; {cluster.Task}");
            const int shown = 24;
            var members = cluster.Opened.Members.Take(shown).Select(m => $"{m.Id} {m.Name}");
            output.WriteLine($"  clients   {string.Join(", ", members)}{(cluster.Opened.Members.Count > shown ? $", … {cluster.Opened.Members.Count - shown} more" : "")}");
        }
        output.WriteLine($"  time      {Time(session.Started)} → {Time(session.Ended)}, {Ms(session.Duration)} ms " +
                         (session.Summary is null ? $"({Plural(session.Events, "event")}, first to last)" : $"({EventsOfSummary(session)})"));
        output.WriteLine($"  reached   {session.ClosedPhases} of {session.PhasesOfMode.Count} phases closed" +
                         (session.LastClosed is { } last ? $", last {last}" : ", none"));
        output.WriteLine($"  {"phase",-23}{"survivors",-14}{"closed after",-16}dropped (in the previous set, not in this one)");
        foreach (var phase in SessionHistory.Phases)
            output.WriteLine("  " + PhaseRow(session, phase).TrimEnd());
        output.WriteLine($"  outcome   {OutcomeText(session)}");
        if (session.Summary is { } summary)
            output.WriteLine($"  result    {(summary.Completed ? "completed" : $"aborted: {summary.AbortReason}")} (the server's summary)");
        if (session.Integrity is { } integrity)
            output.WriteLine($"  integrity {integrity.Text}");
        // Before a summary, deleted events are the journal being bounded, not a loss.
        if ((session.HasGaps || session.FirstSequence != 1) && session.Summary is null)
            output.WriteLine($"  warning   sequence numbers {session.FirstSequence}..{session.LastSequence} are not consecutive from 1: events were deleted, counts may be low");
        if (session.SkippedEvents > 0)
            output.WriteLine($"  note      {Plural(session.SkippedEvents, "event")} of another type than an accepted message or a round close skipped");
        foreach (var anomaly in session.Anomalies)
            output.WriteLine($"  warning   {anomaly}");
    }

    private static string PhaseRow(SessionHistory session, ServerPhase phase)
    {
        var index = (int)phase + 1;
        var name = $"{phase,-23}";
        if (phase == ServerPhase.ConsistencyCheck && session.Mode == SessionMode.SemiHonest)
        {
            var u3 = session.Survivors(phase) is { } same ? $"U4 = U3 = {same.Count}" : "-";
            return $"{name}{u3,-30}(semi-honest: no ConsistencyCheck round)";
        }
        if (session.IsClosed(phase))
        {
            var survivors = session.Survivors(phase)!;
            var closed = session.PhaseDuration(phase) is { } duration ? $"+{Ms(duration)} ms" : "(no time)";
            var dropped = session.Dropped(phase) switch
            {
                null => "?",
                _ when phase == ServerPhase.AdvertiseKeys && session.Cluster is { } cluster =>
                    Names(session, Enumerable.Range(1, cluster.Opened.Parameters.ClientCount).Except(survivors).ToArray()),
                var ids when phase == ServerPhase.AdvertiseKeys => ids.Count == 0
                    ? $"none below id {(survivors.Count == 0 ? 0 : survivors.Max())} (n is not in the journal)"
                    : $"{Ids(ids)} (missing below id {survivors.Max()}; n is not in the journal)",
                var ids => Names(session, ids),
            };
            return $"{name}{$"U{index} = {survivors.Count}",-14}{closed,-16}{dropped}";
        }
        if (session.OpenPhase == phase)
        {
            var accepted = session.Accepted(phase).Count;
            var waiting = session.NotYetAnswered(phase) is { } missing
                ? (missing.Count == 0 ? "all of the previous set answered" : $"not (yet) answered: {Ids(missing)}")
                : "";
            return $"{name}{$"{accepted} so far",-14}{"not closed",-16}{waiting}";
        }
        return $"{name}-";
    }

    private static string OutcomeText(SessionHistory session) => session.Outcome switch
    {
        SessionOutcome.Completed =>
            $"completed: Unmasking closed with all {session.Accepted(ServerPhase.Unmasking).Count} clients asked to unmask answering",
        SessionOutcome.UnmaskingClosedShort =>
            $"closed Unmasking short: {session.Accepted(ServerPhase.Unmasking).Count} of the {session.Survivors(ServerPhase.ConsistencyCheck)?.Count.ToString(Invariant) ?? "?"} " +
            "clients asked answered; enough if at least t shares per client (t is not in the journal), else the server aborted",
        SessionOutcome.EndedAfter =>
            $"ended after {session.LastClosed}: nothing was journalled after it closed; the server aborted there (for instance fewer than t " +
            "survivors; t is not in the journal), or stopped, or is waiting for the first message of the next phase",
        SessionOutcome.InProgress =>
            $"in progress in {session.OpenPhase}: the last event is an accepted message and the phase never closed " +
            "(the server is still running, or stopped before the phase's deadline)",
        _ => "no SecAgg event was read",
    };

    public static void WriteCsv(string path, IReadOnlyList<SessionHistory> sessions)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        // The columns follow the phases, so fields rather than a record type.
        using var csv = CsvWriter.ToFile(path, ResultCsv.Format, FileOptions.None);
        csv.WriteHeader(CsvHeader.Split(','));
        foreach (var session in sessions)
        {
            var fields = new List<string>
            {
                session.Session,
                session.Started?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", Invariant) ?? "",
                session.Ended?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", Invariant) ?? "",
                session.Duration is { } duration ? Ms(duration) : "",
                session.Mode switch { SessionMode.Active => "active", SessionMode.SemiHonest => "semi-honest", _ => "" },
                session.VectorLength?.ToString(Invariant) ?? "",
                session.ClosedPhases.ToString(Invariant),
                session.LastClosed?.ToString() ?? "",
            };
            fields.AddRange(SessionHistory.Phases.Select(p => session.Survivors(p)?.Count.ToString(Invariant) ?? ""));
            fields.AddRange(SessionHistory.Phases.Select(p => session.Dropped(p) is { } ids ? string.Join(' ', ids) : ""));
            fields.AddRange(SessionHistory.Phases.Select(p => session.PhaseDuration(p) is { } ms ? Ms(ms) : ""));
            fields.Add(session.OutcomeLabel);
            var cluster = session.Cluster;
            fields.AddRange([cluster?.ServerName ?? "", cluster?.Opened.Index.ToString(Invariant) ?? "", cluster?.Opened.Parameters.ClientCount.ToString(Invariant) ?? "",
                cluster?.Opened.Parameters.Threshold.ToString(Invariant) ?? "", cluster?.Opened.Parameters.Bits.ToString(Invariant) ?? "", cluster?.Task ?? ""]);
            foreach (var field in fields)
                csv.WriteField(field);
            csv.EndRecord();
        }
    }

    private static string EventsOfSummary(SessionHistory session)
    {
        var deleted = session.JournalledEvents - session.Events;
        return deleted > 0
            ? $"{Plural(session.JournalledEvents, "event")} journalled, {deleted} deleted after the result was recorded: read from its summary"
            : $"{Plural(session.Events, "event")}, first to last, the last its summary";
    }

    private static int Count(IEnumerable<SessionHistory> sessions, SessionOutcome outcome) => sessions.Count(s => s.Outcome == outcome);

    private static string Ids(IEnumerable<int> ids) => string.Join(", ", ids);

    /// <summary>Client ids, with their names when a cluster server journalled them.</summary>
    private static string Names(SessionHistory session, IReadOnlyCollection<int> ids) => ids.Count == 0
        ? "none"
        : session.Cluster is { } cluster ? string.Join(", ", ids.Select(id => $"{id} {cluster.NameOf(id)}")) : Ids(ids);

    private static string Time(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", Invariant) ?? "?";

    private static string Ms(TimeSpan? span) => span?.TotalMilliseconds.ToString("F1", Invariant) ?? "?";

    private static string Plural(long count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
