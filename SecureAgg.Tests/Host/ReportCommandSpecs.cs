using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Akka.Persistence.Query;
using Microsoft.Data.Sqlite;
using SecureAgg.Actors;
using SecureAgg.Host.Report;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Tests.Actors;
using SecureAgg.Tests.Processes;

namespace SecureAgg.Tests.Host;

/// <summary>
/// A journal written by a real <c>secagg simulate</c> run (6 clients, 2 aggregations, client 2 silent at the mask round),
/// shared by the <see cref="ReportCommandSpecs"/>; with keep-events = on, so every event is there to read and to damage.
/// </summary>
public sealed class SimulatedJournal : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public SimulatedJournal()
    {
        Directory.CreateDirectory(Folder);
        var config = Path.Combine(Folder, "drop-2-at-mask.hocon");
        File.WriteAllText(config, "secagg.simulation { dropout.mask.clients = [2], keep-events = on }");
        // Each mask round waits the whole deadline for client 2; long enough that no live client misses it.
        Simulation = SecaggProcess.Run(Timeout, "simulate", "--config", config, "--clients", "6", "--rounds", "2", "--length", "50",
            "--round-timeout", "5s", "--out", Folder, "--seed", "5");
        var metrics = Path.Combine(Folder, "metrics.csv");
        Sessions = File.Exists(metrics) ? [.. File.ReadAllLines(metrics).Skip(1).Select(line => line.Split(',')[2])] : [];
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "secagg-tests", "report-" + Guid.NewGuid().ToString("N"));

    public string Journal => Path.Combine(Folder, "journal.db");

    /// <summary>The key file simulate sealed the journal with (OUT/journal.key).</summary>
    public string Key => Path.Combine(Folder, "journal.key");

    public SecaggResult Simulation { get; }

    /// <summary>The session ids in the order simulate ran them (from its metrics.csv).</summary>
    public string[] Sessions { get; }

    public void AssertWritten()
    {
        Assert.True(Simulation.ExitCode == 0, Simulation.Output + Simulation.Error);
        Assert.Equal(2, Sessions.Length);
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }
}

/// <summary><c>secagg report</c> as a real process over journals written by <c>secagg simulate</c>.</summary>
public sealed class ReportCommandSpecs(SimulatedJournal journal) : IClassFixture<SimulatedJournal>, IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "secagg-tests", "report-scratch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
            Directory.Delete(_scratch, recursive: true);
    }

    private static SecaggResult Report(params string[] arguments) => SecaggProcess.Run(SimulatedJournal.Timeout, ["report", .. arguments]);

    private static SessionHistory Replay(string session, IEnumerable<EventEnvelope> events)
    {
        var history = new SessionHistory(session);
        foreach (var envelope in events)
            history.Apply(envelope);
        return history;
    }

    private static string[] Listing(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(e => $"{e} {(File.Exists(e) ? new FileInfo(e).Length : -1)}").Order(StringComparer.Ordinal)];

    private static string Block(string output, string session)
    {
        var start = output.IndexOf($"session {session}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no block for session {session} in:\n{output}");
        var end = output.IndexOf("\n\n", start, StringComparison.Ordinal);
        return end < 0 ? output[start..] : output[start..end];
    }

    [Fact]
    public void The_report_replays_both_sessions_with_client_2_dropped_at_the_mask_round()
    {
        journal.AssertWritten();

        var run = Report("--journal", $"sqlite:{journal.Journal}");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith($"secagg report: sqlite:{journal.Journal}: 2 sessions,", run.Output);
        foreach (var session in journal.Sessions)
        {
            var block = Block(run.Output, session);
            Assert.Contains("mode      semi-honest (AdvertiseKeys unsigned), m = 50", block);
            Assert.Contains("4 of 4 phases closed, last Unmasking", block);
            Assert.Matches(new Regex(@"^\s+AdvertiseKeys\s+U1 = 6\s+\+[\d.]+ ms\s+none below id 6", RegexOptions.Multiline), block);
            Assert.Matches(new Regex(@"^\s+ShareKeys\s+U2 = 6\s+\+[\d.]+ ms\s+none$", RegexOptions.Multiline), block);
            Assert.Matches(new Regex(@"^\s+MaskedInputCollection\s+U3 = 5\s+\+[\d.]+ ms\s+2$", RegexOptions.Multiline), block);
            Assert.Matches(new Regex(@"^\s+ConsistencyCheck\s+U4 = U3 = 5\s+\(semi-honest", RegexOptions.Multiline), block);
            Assert.Matches(new Regex(@"^\s+Unmasking\s+U5 = 5\s+\+[\d.]+ ms\s+none$", RegexOptions.Multiline), block);
            Assert.Contains("outcome   completed: Unmasking closed with all 5 clients asked to unmask answering", block);
        }
        // Earliest session first, as simulate ran them; the journal's limits are stated.
        Assert.True(run.Output.IndexOf(journal.Sessions[0], StringComparison.Ordinal) < run.Output.IndexOf(journal.Sessions[1], StringComparison.Ordinal));
        Assert.Contains("does not hold n", run.Output);
        Assert.Contains("integrity: not checked (no --journal-key FILE, or --identity FILE for a server's journal)", run.Output);
        Assert.DoesNotContain("  integrity ", run.Output);
        Assert.Equal("report sessions=2 completed=2 unmasking_short=0 ended_early=0 in_progress=0", run.LastLine);
    }

    [Fact]
    public void With_the_journal_key_simulate_wrote_every_event_of_both_sessions_is_verified()
    {
        journal.AssertWritten();

        var run = Report("--journal", $"sqlite:{journal.Journal}", "--journal-key", journal.Key);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        foreach (var session in journal.Sessions)
            Assert.Contains("  integrity verified: 27 sealed events", Block(run.Output, session));
        Assert.Contains("integrity: checked under the journal key: 2 sessions verified, 0 with unsealed records, 0 FAILED", run.Output);
        Assert.Equal("report sessions=2 completed=2 unmasking_short=0 ended_early=0 in_progress=0", run.LastLine);
    }

    [Fact]
    public void A_bit_flipped_in_a_journalled_event_fails_its_sessions_integrity_check_with_exit_code_1()
    {
        journal.AssertWritten();
        Directory.CreateDirectory(_scratch);
        var copy = Path.Combine(_scratch, "flipped.db");
        File.Copy(journal.Journal, copy);
        var id = JournalQuery.SessionPrefix + journal.Sessions[0];
        using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT message FROM journal WHERE persistence_id = @id AND sequence_number = 15";
            read.Parameters.AddWithValue("@id", id);
            var message = (byte[])read.ExecuteScalar()!;
            message[^9] ^= 0x10;
            using var write = connection.CreateCommand();
            write.CommandText = "UPDATE journal SET message = @message WHERE persistence_id = @id AND sequence_number = 15";
            write.Parameters.AddWithValue("@id", id);
            write.Parameters.AddWithValue("@message", message);
            Assert.Equal(1, write.ExecuteNonQuery());
        }

        var run = Report("--journal", $"sqlite:{copy}", "--journal-key", journal.Key);
        var withoutKey = Report("--journal", $"sqlite:{copy}");

        Assert.Equal(1, run.ExitCode);
        var damaged = Block(run.Output, journal.Sessions[0]);
        Assert.Contains($"  integrity FAILED: The journal of {id} fails its integrity check at event 15: its MAC does not verify", damaged);
        Assert.Contains("warning   event 15 fails its integrity check; it and the events after it were not read", damaged);
        Assert.Contains("  integrity verified: 27 sealed events", Block(run.Output, journal.Sessions[1]));
        Assert.Contains("integrity: checked under the journal key: 1 session verified, 0 with unsealed records, 1 FAILED", run.Output);
        // Without the key the damage goes unseen: the report says so.
        Assert.Equal(0, withoutKey.ExitCode);
        Assert.Contains("integrity: not checked", withoutKey.Output);
    }

    [Theory]
    [InlineData("malformed", "is not a journal key: expected 64 hex digits on one line")]
    [InlineData("missing", "does not exist")]
    [InlineData("both", "--journal-key and --identity both name the journal key: give one")]
    public void A_journal_key_that_cannot_be_used_is_refused_with_exit_code_2(string kind, string message)
    {
        journal.AssertWritten();
        Directory.CreateDirectory(_scratch);
        var key = Path.Combine(_scratch, "journal.key");
        if (kind != "missing")
            File.WriteAllText(key, kind == "malformed" ? "zz\n" : File.ReadAllText(journal.Key));
        string[] extra = kind == "both" ? ["--identity", key] : [];

        var run = Report(["--journal", $"sqlite:{journal.Journal}", "--journal-key", key, .. extra]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void Csv_has_the_header_and_one_row_per_session()
    {
        journal.AssertWritten();
        var csv = Path.Combine(_scratch, "sub", "report.csv");

        var run = Report("--journal", $"sqlite:{journal.Journal}", "--csv", csv);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal($"wrote {csv}", run.LastLine);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(3, lines.Length);
        Assert.Equal(ReportOutput.CsvHeader, lines[0]);
        var header = lines[0].Split(',');
        for (var i = 0; i < 2; i++)
        {
            var row = header.Zip(lines[i + 1].Split(','), (name, value) => (name, value)).ToDictionary(p => p.name, p => p.value);
            Assert.Equal(header.Length, lines[i + 1].Split(',').Length);
            Assert.Equal(journal.Sessions[i], row["session"]);
            Assert.Equal("semi-honest", row["mode"]);
            Assert.Equal("50", row["vector_length"]);
            Assert.Equal("4", row["phases"]);
            Assert.Equal(("6", "6", "5", "5", "5"), (row["u1"], row["u2"], row["u3"], row["u4"], row["u5"]));
            Assert.Equal(("", "", "2", "", ""), (row["dropped_advertise"], row["dropped_share"], row["dropped_mask"], row["dropped_consistency"], row["dropped_unmask"]));
            Assert.Equal("completed", row["outcome"]);
            Assert.True(double.Parse(row["duration_ms"], System.Globalization.CultureInfo.InvariantCulture) >= 900, "the mask round waited for its 1 s deadline");
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", row["started"]);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("secagg-session-")]
    public void Session_selects_one_session_with_or_without_the_persistence_prefix(string prefix)
    {
        journal.AssertWritten();
        var wanted = journal.Sessions[1];

        var run = Report("--journal", $"sqlite:{journal.Journal}", "--session", prefix + wanted);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains(": 1 session,", run.Output);
        Assert.Contains($"session {wanted}", run.Output);
        Assert.DoesNotContain(journal.Sessions[0], run.Output);
        Assert.Equal("report sessions=1 completed=1 unmasking_short=0 ended_early=0 in_progress=0", run.LastLine);
    }

    [Fact]
    public void An_unknown_or_malformed_session_id_is_refused_with_exit_code_2()
    {
        journal.AssertWritten();
        var unknown = Guid.NewGuid().ToString("N");

        var run = Report("--journal", $"sqlite:{journal.Journal}", "--session", unknown);
        var malformed = Report("--journal", $"sqlite:{journal.Journal}", "--session", "session-7");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"no session {unknown} in the journal", run.Error);
        Assert.Contains("it holds 2 SecAgg sessions", run.Error);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("'session-7' is not a session id", malformed.Error);
    }

    [Fact]
    public void A_missing_sqlite_file_is_refused_with_exit_code_2_and_neither_it_nor_its_folder_is_created()
    {
        var folder = Path.Combine(_scratch, "nowhere");
        var missing = Path.Combine(folder, "journal.db");

        var run = Report("--journal", $"sqlite:{missing}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"no SQLite journal at {missing}: the file does not exist", run.Error);
        Assert.False(File.Exists(missing), "reading must not create the file");
        Assert.False(Directory.Exists(folder), "reading must not create the folder");
    }

    [Fact]
    public void A_folder_is_refused_with_exit_code_2()
    {
        journal.AssertWritten();

        var run = Report("--journal", $"sqlite:{journal.Folder}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{journal.Folder} is a folder, not a SQLite journal file", run.Error);
    }

    [Fact]
    public void The_report_leaves_the_journal_file_and_its_folder_unchanged()
    {
        journal.AssertWritten();
        var bytes = File.ReadAllBytes(journal.Journal);
        var listing = Listing(journal.Folder);

        var run = Report("--journal", $"sqlite:{journal.Journal}");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal(bytes, File.ReadAllBytes(journal.Journal));
        Assert.Equal(listing, Listing(journal.Folder));
    }

    [Theory]
    [InlineData("no-journal-table", "has no table 'journal': not an Akka.Persistence.Sql journal")]
    [InlineData("empty", "has no table 'journal': not an Akka.Persistence.Sql journal")]
    [InlineData("text", "cannot read the journal table of the SQLite journal")]
    public void A_file_that_is_not_a_journal_is_refused_with_exit_code_2_and_left_unchanged(string kind, string message)
    {
        Directory.CreateDirectory(_scratch);
        var file = Path.Combine(_scratch, kind + ".db");
        switch (kind)
        {
            case "no-journal-table":
                using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "CREATE TABLE other (x INTEGER)";
                    command.ExecuteNonQuery();
                }
                break;
            case "empty":
                File.WriteAllBytes(file, []);
                break;
            default:
                File.WriteAllText(file, "not a database\n");
                break;
        }
        var bytes = File.ReadAllBytes(file);
        var listing = Listing(_scratch);

        var run = Report("--journal", $"sqlite:{file}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.Equal(listing, Listing(_scratch));
    }

    [Theory]
    [InlineData("memory", "nothing to read")]
    [InlineData("postgres:Host=127.0.0.1;Port=1;Username=nobody;Password=hunter2;Database=none;Timeout=3", "cannot connect to the PostgreSQL journal")]
    [InlineData("mysql:somewhere", "Unknown journal")]
    public void A_journal_that_cannot_be_read_is_refused_with_exit_code_2(string spec, string message)
    {
        var run = Report("--journal", spec);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("hunter2", run.Error);
    }

    [Fact]
    public void A_database_failure_is_one_line_on_stderr_without_a_stack_trace()
    {
        var run = Report("--journal", "postgres:Host=127.0.0.1;Port=1;Username=nobody;Password=hunter2;Database=none");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        var line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("secagg report: cannot connect to the PostgreSQL journal postgres:Host=127.0.0.1;Port=1;Username=nobody;Password=***;Database=none:", line);
    }

    [Fact]
    public void At_log_level_debug_a_database_failure_also_prints_its_stack_trace()
    {
        var run = Report("--journal", "postgres:Host=127.0.0.1;Port=1;Username=nobody;Password=hunter2;Database=none", "--log-level", "debug");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("secagg report: cannot connect to the PostgreSQL journal", run.Error);
        Assert.Matches(new Regex(@"^\s+at ", RegexOptions.Multiline), run.Error);
        Assert.DoesNotContain("hunter2", run.Error + run.Output);
    }

    [Fact]
    public void An_unknown_log_level_is_refused_with_exit_code_2()
    {
        var run = Report("--journal", "memory", "--log-level", "loud");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--log-level must be OFF, ERROR, WARNING, INFO, DEBUG, got 'loud'", run.Error);
    }

    [Fact]
    public void A_postgres_server_that_never_answers_fails_within_seconds()
    {
        // Accepts connections and never says a word: without a connect timeout the report would wait for Npgsql's 15 s.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var clock = Stopwatch.StartNew();

        var run = Report("--journal", $"postgres:Host=127.0.0.1;Port={port};Username=nobody;Password=hunter2;Database=none");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot connect to the PostgreSQL journal", run.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [PostgresFact]
    public void A_postgres_password_that_is_wrong_is_refused_with_exit_code_2_and_redacted()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresTheoryAttribute.ConnectionString) { Password = "not-the-password-7f3a" };

        var run = Report("--journal", "postgres:" + builder.ConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot connect to the PostgreSQL journal", run.Error);
        Assert.Contains("Password=***", run.Error);
        Assert.DoesNotContain("not-the-password-7f3a", run.Error + run.Output);
    }

    [Fact]
    public void A_journal_without_sessions_says_no_sessions_and_exits_0()
    {
        journal.AssertWritten();
        Directory.CreateDirectory(_scratch);
        var copy = Path.Combine(_scratch, "other.db");
        File.Copy(journal.Journal, copy);
        using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The journal check before the first round leaves its (deleted) probe row: gone here too.
            command.CommandText = "UPDATE journal SET persistence_id = 'some-other-actor' WHERE ordering = (SELECT MIN(ordering) FROM journal WHERE deleted = 0); " +
                                  "DELETE FROM journal WHERE persistence_id LIKE 'secagg-session-%' OR persistence_id = 'secagg-journal-probe';";
            command.ExecuteNonQuery();
        }

        var run = Report("--journal", $"sqlite:{copy}");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("no sessions: the journal table holds 1 event of 1 persistence id", run.Output);
    }

    [Fact]
    public async Task A_journal_cut_short_reads_as_ended_after_its_last_close_or_in_progress()
    {
        journal.AssertWritten();
        var session = journal.Sessions[0];
        var events = new List<EventEnvelope>();
        await using (var query = await JournalQuery.OpenAsync(JournalTarget.Sqlite(journal.Journal), "OFF"))
            Assert.Null(await query.ReadEventsAsync(JournalQuery.SessionPrefix + session, events.Add));
        var maskClosed = events.FindIndex(e => e.Event is RoundClosed { Phase: ServerPhase.MaskedInputCollection });
        Assert.True(maskClosed > 0);

        var ended = Replay(session, events.Take(maskClosed + 1));
        var open = Replay(session, events.Take(maskClosed + 3));

        Assert.Equal(SessionOutcome.EndedAfter, ended.Outcome);
        Assert.Equal("ended after MaskedInputCollection", ended.OutcomeLabel);
        Assert.Null(ended.Survivors(ServerPhase.ConsistencyCheck));
        Assert.Equal(new[] { 2 }, ended.Dropped(ServerPhase.MaskedInputCollection));
        Assert.Equal(SessionOutcome.InProgress, open.Outcome);
        Assert.Equal(ServerPhase.Unmasking, open.OpenPhase);
        Assert.Equal(2, open.Accepted(ServerPhase.Unmasking).Count);
        Assert.Equal(3, open.NotYetAnswered(ServerPhase.Unmasking)!.Count);
        Assert.Empty(open.Anomalies);
    }

    [Fact]
    public void An_event_that_cannot_be_decoded_is_a_warning_and_the_other_session_is_still_reported()
    {
        journal.AssertWritten();
        Directory.CreateDirectory(_scratch);
        var copy = Path.Combine(_scratch, "damaged.db");
        File.Copy(journal.Journal, copy);
        using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE journal SET manifest = 'ZZ' WHERE persistence_id = @id AND sequence_number = 5";
            command.Parameters.AddWithValue("@id", JournalQuery.SessionPrefix + journal.Sessions[0]);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var run = Report("--journal", $"sqlite:{copy}");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("warning   the event after 4 cannot be decoded (Unknown SecAgg manifest 'ZZ')", Block(run.Output, journal.Sessions[0]));
        Assert.Contains("outcome   completed", Block(run.Output, journal.Sessions[1]));
    }

    [Fact]
    public void A_second_simulate_into_the_same_out_starts_a_fresh_journal_whose_report_shows_only_its_own_pruned_sessions()
    {
        Directory.CreateDirectory(_scratch);
        var config = Path.Combine(_scratch, "drop-2-at-mask.hocon");
        File.WriteAllText(config, "secagg.simulation { dropout.mask.clients = [2] }");
        var output = Path.Combine(_scratch, "out");
        SecaggResult Simulate() => SecaggProcess.Run(SimulatedJournal.Timeout, "simulate", "--config", config, "--clients", "6", "--rounds", "2", "--length", "50",
            "--round-timeout", "4s", "--out", output, "--seed", "5");
        string[] Sessions() => [.. File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(1).Select(line => line.Split(',')[2])];

        var first = Simulate();
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains($"journal: fresh sqlite:{Path.Combine(output, "journal.db")}\n", first.Output.Replace("\r", ""));
        var firstSessions = Sessions();
        var second = Simulate();
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains($"journal: fresh sqlite:{Path.Combine(output, "journal.db")} (the previous run's journal was replaced)", second.Output);
        var secondSessions = Sessions();

        var run = Report("--journal", $"sqlite:{Path.Combine(output, "journal.db")}", "--journal-key", Path.Combine(output, "journal.key"));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith($"secagg report: sqlite:{Path.Combine(output, "journal.db")}: 2 sessions, 2 events", run.Output);
        Assert.All(firstSessions, session => Assert.DoesNotContain(session, run.Output));
        foreach (var session in secondSessions)
        {
            var block = Block(run.Output, session);
            Assert.Contains("mode      semi-honest (the session's summary), m = 50", block);
            Assert.Matches(new Regex(@"\(\d+ events journalled, \d+ deleted after the result was recorded: read from its summary\)"), block);
            Assert.Matches(new Regex(@"^\s+AdvertiseKeys\s+U1 = 6\s+\+[\d.]+ ms\s+none below id 6", RegexOptions.Multiline), block);
            Assert.Matches(new Regex(@"^\s+MaskedInputCollection\s+U3 = 5\s+\+[\d.]+ ms\s+2$", RegexOptions.Multiline), block);
            Assert.Matches(new Regex(@"^\s+Unmasking\s+U5 = 5\s+\+[\d.]+ ms\s+none$", RegexOptions.Multiline), block);
            Assert.Contains("outcome   completed: Unmasking closed with all 5 clients asked to unmask answering", block);
            Assert.Contains("  integrity verified: 1 sealed event", block);
            Assert.DoesNotContain("warning", block);
            Assert.True(JournalRowsOf(Path.Combine(output, "journal.db"), JournalQuery.SessionPrefix + session) <= 2);
        }
        Assert.Equal("report sessions=2 completed=2 unmasking_short=0 ended_early=0 in_progress=0", run.LastLine);
    }

    [Fact]
    public void An_explicit_journal_is_kept_and_a_second_run_adds_its_sessions()
    {
        Directory.CreateDirectory(_scratch);
        var journalFile = Path.Combine(_scratch, "shared.db");
        SecaggResult Simulate() => SecaggProcess.Run(SimulatedJournal.Timeout, "simulate", "--clients", "4", "--rounds", "1", "--length", "20",
            "--round-timeout", "10s", "--journal", $"sqlite:{journalFile}", "--out", Path.Combine(_scratch, "out"));

        var first = Simulate();
        var second = Simulate();

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains($"journal: sqlite:{journalFile} (given with --journal: kept, this run's sessions are added to what it holds)", first.Output);
        var run = Report("--journal", $"sqlite:{journalFile}");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal("report sessions=2 completed=2 unmasking_short=0 ended_early=0 in_progress=0", run.LastLine);
    }

    private static long JournalRowsOf(string database, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = @id";
        command.Parameters.AddWithValue("@id", persistenceId);
        return (long)command.ExecuteScalar()!;
    }

    [PostgresTheory]
    [InlineData(6)]
    public void A_postgres_journal_is_reported_by_session_id(int clients)
    {
        Directory.CreateDirectory(_scratch);
        var config = Path.Combine(_scratch, "drop-2-at-mask.hocon");
        File.WriteAllText(config, "secagg.simulation { dropout.mask.clients = [2] }");
        var spec = "postgres:" + PostgresTheoryAttribute.ConnectionString;
        var simulation = SecaggProcess.Run(SimulatedJournal.Timeout, "simulate", "--config", config, "--clients", clients.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--rounds", "1", "--length", "50", "--round-timeout", "5s", "--journal", spec, "--out", _scratch);
        Assert.True(simulation.ExitCode == 0, simulation.Output + simulation.Error);
        var session = File.ReadAllLines(Path.Combine(_scratch, "metrics.csv"))[1].Split(',')[2];

        var run = Report("--journal", spec, "--session", session);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains(": 1 session,", run.Output);
        var block = Block(run.Output, session);
        Assert.Matches(new Regex($@"^\s+AdvertiseKeys\s+U1 = {clients}\s", RegexOptions.Multiline), block);
        Assert.Matches(new Regex($@"^\s+MaskedInputCollection\s+U3 = {clients - 1}\s+\+[\d.]+ ms\s+2$", RegexOptions.Multiline), block);
        Assert.Contains("outcome   completed", block);
        Assert.Equal("report sessions=1 completed=1 unmasking_short=0 ended_early=0 in_progress=0", run.LastLine);
    }
}
