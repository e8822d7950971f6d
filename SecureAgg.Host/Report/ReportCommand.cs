using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Output;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Report;

/// <summary>
/// <c>secagg report</c>: reads the server journal (SQLite file or PostgreSQL) through Akka.Persistence.Query and replays
/// each server session's events — the client messages it accepted and the phases it closed — into participants and
/// dropouts per phase, timings and how the session ended. With the journal key (<c>--journal-key</c>, or the server's
/// <c>--identity</c> it is derived from) every record's seal is checked. Read-only: never creates or changes the journal.
/// </summary>
public static class ReportCommand
{
    private const string Name = "secagg report";

    public static Command Create()
    {
        var journal = new Option<string?>("--journal") { Description = "The server journal: sqlite:PATH or postgres:CONNECTION-STRING." };
        var session = new Option<string?>("--session") { Description = "Only this session: its 32-hex id, with or without the secagg-session- prefix." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Also write one row per session to this CSV file." };
        var journalKey = new Option<string?>("--journal-key") { Description = "Check every record's seal under the key in this file (simulate and train write OUT/journal.key)." };
        var identity = new Option<string?>("--identity") { Description = "Check every record's seal under the key a server derives from this identity key (server.key)." };
        var logLevel = new Option<string?>("--log-level")
        {
            Description = "Akka's log level: OFF (default), ERROR, WARNING, INFO or DEBUG; at DEBUG a failure also prints its stack trace.",
        };
        var command = new Command("report", "Per-session history of the server journal: participants and dropouts per phase, timings, outcome.")
        {
            journal, session, csv, journalKey, identity, logLevel,
        };
        command.SetAction((result, _) => RunAsync(result.GetValue(journal), result.GetValue(session), result.GetValue(csv)?.FullName,
            result.GetValue(logLevel), Console.Out, Console.Error, result.GetValue(journalKey), result.GetValue(identity)));
        return command;
    }

    /// <summary>
    /// Exit code 0 with a report (or "no sessions"), 1 with a report in which a record failed its integrity check, 2 when
    /// the journal cannot be read, the key is unusable or the session is unknown.
    /// </summary>
    public static async Task<int> RunAsync(string? journalSpec, string? sessionSpec, string? csvPath, string? logLevelSpec, TextWriter output, TextWriter error,
        string? journalKeyFile = null, string? identityFile = null)
    {
        var logLevel = (logLevelSpec ?? "OFF").ToUpperInvariant();
        if (!ReportJournalConfig.LogLevels.Contains(logLevel))
            return Fail(error, $"--log-level must be {string.Join(", ", ReportJournalConfig.LogLevels)}, got '{logLevelSpec}'.");
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
        JournalKey? key;
        try
        {
            key = (journalKeyFile, identityFile) switch
            {
                ({ }, { }) => throw new ArgumentException("--journal-key and --identity both name the journal key: give one."),
                ({ } file, null) => JournalKey.Load(file),
                (null, { } file) => JournalKey.FromIdentity(IdentityKeys.LoadPrivateKey(file)),
                _ => null,
            };
        }
        catch (ArgumentException problem)
        {
            return Fail(error, problem.Message);
        }
        if (csvPath is not null)
        {
            try
            {
                OutputFolder.PrepareFile(csvPath);
            }
            catch (ArgumentException problem)
            {
                return Fail(error, problem.Message);
            }
        }
        string? sessionId = null;
        if (sessionSpec is not null && !TryParseSession(sessionSpec, out sessionId))
            return Fail(error, $"'{sessionSpec}' is not a session id: expected 32 hex digits, optionally after {JournalQuery.SessionPrefix}.");

        try
        {
            await using var journal = await JournalQuery.OpenAsync(target, logLevel, key);
            var ids = await journal.PersistenceIdsAsync();
            var sessionIds = ids.Where(id => id.StartsWith(JournalQuery.SessionPrefix, StringComparison.Ordinal)).ToList();
            var wanted = sessionId is null ? sessionIds : sessionIds.Where(id => id == JournalQuery.SessionPrefix + sessionId).ToList();
            var sessions = new List<SessionHistory>();
            foreach (var id in wanted)
                sessions.Add(await journal.ReadSessionAsync(id));
            var cluster = await journal.ReadClusterSessionsAsync(ids);
            foreach (var session in sessions)
                session.Cluster = cluster.GetValueOrDefault(session.Session);
            sessions = [.. sessions.OrderBy(s => s.Started ?? DateTime.MaxValue).ThenBy(s => s.Session, StringComparer.Ordinal)];
            if (sessions.Count == 0)
            {
                if (sessionId is not null)
                    return Fail(error, $"no session {sessionId} in the journal {target} (it holds {sessionIds.Count} SecAgg session{(sessionIds.Count == 1 ? "" : "s")}).");
                var (events, complete) = await journal.CountEventsAsync(ids);
                output.WriteLine($"secagg report: {target}: no sessions: the journal table holds {(complete ? "" : "at least ")}{events} event{(events == 1 ? "" : "s")} of " +
                                 $"{ids.Count} persistence id{(ids.Count == 1 ? "" : "s")}, none of a SecAgg server session ({JournalQuery.SessionPrefix}…).");
            }
            else
            {
                ReportOutput.WriteText(output, target, sessions, ReportOutput.IntegrityLine(journal.ChecksIntegrity, sessions, journal.CoordinatorFailures));
            }
            if (csvPath is not null)
            {
                ReportOutput.WriteCsv(csvPath, sessions);
                output.WriteLine($"wrote {csvPath}");
            }
            return sessions.Any(s => s.Integrity?.Failed == true) || journal.CoordinatorFailures.Count > 0 ? 1 : 0;
        }
        catch (JournalUnavailableException problem)
        {
            return Fail(error, problem.Message, logLevel == "DEBUG" ? problem.InnerException : null);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            return Fail(error, $"cannot write {csvPath}: {problem.Message}", logLevel == "DEBUG" ? problem : null);
        }
    }

    /// <summary>A session id as the journal spells it (32 lowercase hex digits), from that or a prefixed or dashed form.</summary>
    public static bool TryParseSession(string spec, [NotNullWhen(true)] out string? session)
    {
        var text = spec.Trim();
        if (text.StartsWith(JournalQuery.SessionPrefix, StringComparison.OrdinalIgnoreCase))
            text = text[JournalQuery.SessionPrefix.Length..];
        session = Guid.TryParse(text, out var guid) ? guid.ToString("N") : null;
        return session is not null;
    }

    /// <summary>One line; the exception's stack trace below it only when asked for (--log-level DEBUG).</summary>
    private static int Fail(TextWriter error, string message, Exception? detail = null)
    {
        error.WriteLine($"{Name}: {message}");
        if (detail is not null)
            error.WriteLine(detail);
        return 2;
    }
}
