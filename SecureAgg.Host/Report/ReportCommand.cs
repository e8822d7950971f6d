using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Report;

/// <summary>
/// <c>secagg report</c>: reads the server journal (SQLite file or PostgreSQL) with plain SQL and replays each server
/// session's events — the client messages it accepted and the phases it closed — into participants and dropouts per
/// phase, timings and how the session ended. Read-only; needs no ActorSystem.
/// </summary>
public static class ReportCommand
{
    private const string Name = "secagg report";

    public static Command Create()
    {
        var journal = new Option<string?>("--journal") { Description = "The server journal: sqlite:PATH or postgres:CONNECTION-STRING." };
        var session = new Option<string?>("--session") { Description = "Only this session: its 32-hex id, with or without the secagg-session- prefix." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Also write one row per session to this CSV file." };
        var command = new Command("report", "Per-session history of the server journal: participants and dropouts per phase, timings, outcome.")
        {
            journal, session, csv,
        };
        command.SetAction(result => Run(result.GetValue(journal), result.GetValue(session), result.GetValue(csv)?.FullName, Console.Out, Console.Error));
        return command;
    }

    /// <summary>Exit code 0 with a report (or "no sessions"), 2 when the journal cannot be read or the session is unknown.</summary>
    public static int Run(string? journalSpec, string? sessionSpec, string? csvPath, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(journalSpec))
            return Fail(error, "--journal is required: sqlite:PATH or postgres:CONNECTION-STRING.");
        JournalTarget target;
        try
        {
            target = JournalTarget.Parse(journalSpec);
        }
        catch (ArgumentException problem)
        {
            return Fail(error, problem.Message);
        }
        string? sessionId = null;
        if (sessionSpec is not null && !TryParseSession(sessionSpec, out sessionId))
            return Fail(error, $"'{sessionSpec}' is not a session id: expected 32 hex digits, optionally after {JournalReader.SessionPrefix}.");

        try
        {
            using var reader = JournalReader.Open(target);
            var sessions = Replay(reader.ReadSessionEvents(sessionId is null ? null : JournalReader.SessionPrefix + sessionId));
            var cluster = reader.ReadClusterSessions();
            foreach (var session in sessions)
                session.Cluster = cluster.GetValueOrDefault(session.Session);
            if (sessions.Count == 0)
            {
                var (events, persistenceIds, sessionIds) = reader.Count();
                if (sessionId is not null)
                    return Fail(error, $"no session {sessionId} in the journal {target} (it holds {sessionIds} SecAgg session{(sessionIds == 1 ? "" : "s")}).");
                output.WriteLine($"secagg report: {target}: no sessions: the journal table holds {events} event{(events == 1 ? "" : "s")} of " +
                                 $"{persistenceIds} persistence id{(persistenceIds == 1 ? "" : "s")}, none of a SecAgg server session ({JournalReader.SessionPrefix}…).");
            }
            else
            {
                ReportOutput.WriteText(output, target, sessions);
            }
            if (csvPath is not null)
            {
                ReportOutput.WriteCsv(csvPath, sessions);
                output.WriteLine($"wrote {csvPath}");
            }
            return 0;
        }
        catch (JournalUnavailableException problem)
        {
            return Fail(error, problem.Message);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            return Fail(error, $"cannot write {csvPath}: {problem.Message}");
        }
    }

    /// <summary>Replays every session's events (ordered by sequence number within a session), earliest session first.</summary>
    public static IReadOnlyList<SessionHistory> Replay(IEnumerable<JournalRow> rows)
    {
        var sessions = new Dictionary<string, SessionHistory>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!sessions.TryGetValue(row.PersistenceId, out var history))
                sessions[row.PersistenceId] = history = new SessionHistory(row.PersistenceId[JournalReader.SessionPrefix.Length..]);
            history.Apply(row);
        }
        return [.. sessions.Values.OrderBy(s => s.Started ?? DateTime.MaxValue).ThenBy(s => s.Session, StringComparer.Ordinal)];
    }

    /// <summary>A session id as the journal spells it (32 lowercase hex digits), from that or a prefixed or dashed form.</summary>
    public static bool TryParseSession(string spec, [NotNullWhen(true)] out string? session)
    {
        var text = spec.Trim();
        if (text.StartsWith(JournalReader.SessionPrefix, StringComparison.OrdinalIgnoreCase))
            text = text[JournalReader.SessionPrefix.Length..];
        session = Guid.TryParse(text, out var guid) ? guid.ToString("N") : null;
        return session is not null;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"{Name}: {message}");
        return 2;
    }
}
