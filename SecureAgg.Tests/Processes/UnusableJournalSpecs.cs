using Microsoft.Data.Sqlite;
using SecureAgg.Host;
using SecureAgg.Tests.Cluster;

namespace SecureAgg.Tests.Processes;

/// <summary>
/// A journal that cannot be used stops <c>secagg simulate</c> before its first round with one line naming the journal
/// and the cause, the infrastructure exit code, no <c>ok</c>, no stack trace, and nothing created next to it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnusableJournalSpecs : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("secagg-journal-").FullName;

    public static TheoryData<string> Faults() =>
        ["postgres-garbage", "postgres-dead-port", "not-sqlite", "missing-folder", "read-only-file", "read-only-folder", "truncated", "byte-flipped"];

    [Theory]
    [MemberData(nameof(Faults))]
    public void An_unusable_journal_is_refused_with_one_line_and_nothing_is_created(string fault)
    {
        var (journal, expected) = Arrange(fault);
        var before = Listing();

        var run = SecaggProcess.Run(Patience, "simulate", "--clients", "5", "--rounds", "1", "--out", Path.Combine(_folder, "out"), "--journal", journal);

        Assert.Equal(InfrastructureFailure.ExitCode, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("secagg simulate: journal ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("secret", line);
        Assert.DoesNotContain(" ok", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        // Only the output folder (with its journal key) is new.
        Assert.Equal(before, Listing().Where(path => !path.StartsWith(Path.Combine(_folder, "out"), StringComparison.Ordinal)).ToList());
    }

    [Theory]
    [InlineData("overwritten")]
    [InlineData("deleted")]
    public async Task A_journal_destroyed_between_rounds_ends_the_run_with_its_failures_counted_never_ok(string how)
    {
        var output = Path.Combine(_folder, "out");
        using var simulate = SecaggProcess.Start("simulate", "simulate", "--clients", "5", "--rounds", "20", "--length", "10", "--out", output);
        await simulate.WaitForLineAsync("round 1/20", Patience);

        var journal = Path.Combine(output, "journal.db");
        if (how == "overwritten")
        {
            // In place, so even the plugin's open connections read garbage.
            File.WriteAllBytes(journal, System.Security.Cryptography.RandomNumberGenerator.GetBytes(20_000));
        }
        else
        {
            foreach (var file in Directory.GetFiles(output, "journal.db*"))
                File.Delete(file);
        }
        var exitCode = await simulate.WaitForExitAsync(Patience);

        Assert.Equal(InfrastructureFailure.ExitCode, exitCode);
        var last = simulate.Output.TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^simulate rounds=20 completed=\d+ aborted=0 verified=\d+ infrastructure-failures=\d+ FAILED$", last.Trim());
    }

    private (string Journal, string Expected) Arrange(string fault)
    {
        var database = Path.Combine(_folder, "journal.db");
        switch (fault)
        {
            case "postgres-garbage":
                return ("postgres:garbage", "not a PostgreSQL connection string");
            case "postgres-dead-port":
                return ($"postgres:Host=127.0.0.1;Port={LoopbackPort.Free()};Username=postgres;Password=secret;Timeout=5", "cannot connect");
            case "not-sqlite":
                File.WriteAllText(database, "root:x:0:0:root:/root:/bin/bash\n");
                return ($"sqlite:{database}", "is not an SQLite database");
            case "missing-folder":
                return ($"sqlite:{Path.Combine(_folder, "missing", "journal.db")}", "does not exist");
            case "read-only-file":
                WriteDatabase(database);
                File.SetUnixFileMode(database, UnixFileMode.UserRead | UnixFileMode.GroupRead);
                return ($"sqlite:{database}", "is read-only");
            case "read-only-folder":
                var locked = Directory.CreateDirectory(Path.Combine(_folder, "locked")).FullName;
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                return ($"sqlite:{Path.Combine(locked, "journal.db")}", "is read-only");
            case "truncated":
                WriteDatabase(database);
                using (var file = File.OpenWrite(database))
                    file.SetLength(file.Length / 2);
                return ($"sqlite:{database}", "is a damaged SQLite database");
            case "byte-flipped":
                WriteDatabase(database);
                using (var file = File.OpenWrite(database))
                {
                    // The b-tree page header of the second page.
                    file.Position = 4096;
                    file.Write([0xFF, 0xFF, 0xFF, 0xFF]);
                }
                return ($"sqlite:{database}", "is a damaged SQLite database");
            default:
                throw new ArgumentOutOfRangeException(nameof(fault));
        }
    }

    private static void WriteDatabase(string path)
    {
        using (var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            sqlite.Open();
            using var fill = sqlite.CreateCommand();
            fill.CommandText = "PRAGMA page_size = 4096; CREATE TABLE filler(x BLOB); " +
                               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO filler SELECT randomblob(1000) FROM n;";
            fill.ExecuteNonQuery();
        }
    }

    private List<string> Listing() => [.. Directory.EnumerateFileSystemEntries(_folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        foreach (var folder in Directory.EnumerateDirectories(_folder, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_folder, recursive: true);
    }
}
