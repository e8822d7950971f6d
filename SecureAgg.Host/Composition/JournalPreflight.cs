using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using SecureAgg.Host.Report;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Composition;

/// <summary>
/// Checks a journal target before anything opens it: the Akka.Persistence.Sql plugins create missing files (and a
/// <c>PATH.snapshots</c> next to any file, even one that is not a database) and, when the database is unusable, log
/// stack traces and leave every round waiting for a recovery that never comes.
/// </summary>
public static class JournalPreflight
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>Throws <see cref="JournalUnavailableException"/> with one line when the target cannot be a journal.</summary>
    public static async Task CheckAsync(JournalTarget journal, CancellationToken cancellation)
    {
        if (journal.Kind == JournalKind.Sqlite)
            CheckSqlite(journal.Location);
        else if (journal.Kind == JournalKind.Postgres)
            await CheckPostgresAsync(journal.Location, cancellation);
    }

    private static void CheckSqlite(string location)
    {
        var path = Path.GetFullPath(location);
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
            throw new JournalUnavailableException($"the folder {folder} does not exist");
        CheckWritableFolder(folder);
        foreach (var file in new[] { path, path + ".snapshots" })
        {
            if (Directory.Exists(file))
                throw new JournalUnavailableException($"{file} is a folder, not an SQLite database");
            if (File.Exists(file))
                CheckSqliteFile(file);
        }
    }

    // Write permission by the mode bits, not by trying: root may write anywhere, but a file or folder made read-only
    // was meant not to be written.
    private static void CheckWritableFolder(string folder)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(folder) & WriteBits) == 0)
            throw new JournalUnavailableException($"the folder {folder} is read-only");
        var trial = Path.Combine(folder, $".secagg-write-check-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(trial, []);
            File.Delete(trial);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new JournalUnavailableException($"the folder {folder} is not writable: {error.Message}");
        }
    }

    private static void CheckSqliteFile(string file)
    {
        var header = new byte[SqliteHeader.Length];
        int read;
        try
        {
            using var stream = File.OpenRead(file);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new JournalUnavailableException($"{file} cannot be read: {error.Message}");
        }
        // An empty file is what SQLite itself makes of a new database before its first write.
        if (read > 0 && (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader)))
            throw new JournalUnavailableException($"{file} is not an SQLite database (no \"SQLite format 3\" header)");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & WriteBits) == 0)
            throw new JournalUnavailableException($"{file} is read-only");
        if (read == 0)
            return;
        // A truncated or damaged file keeps its header: SQLite's own structural check finds it.
        var connection = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        try
        {
            using var sqlite = new SqliteConnection(connection);
            sqlite.Open();
            using var check = sqlite.CreateCommand();
            check.CommandText = "PRAGMA quick_check(1)";
            var verdict = check.ExecuteScalar() as string;
            if (!string.Equals(verdict, "ok", StringComparison.Ordinal))
                throw new JournalUnavailableException($"{file} is a damaged SQLite database: {OneLine(verdict)}");
        }
        catch (SqliteException error)
        {
            throw new JournalUnavailableException($"{file} is a damaged SQLite database: {error.Message}");
        }
    }

    private static async Task CheckPostgresAsync(string location, CancellationToken cancellation)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(location);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new JournalUnavailableException($"not a PostgreSQL connection string: {error.Message}");
        }
        if (string.IsNullOrEmpty(settings.Host))
            throw new JournalUnavailableException("not a PostgreSQL connection string: it names no Host");
        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellation);
            await using var check = new NpgsqlCommand("SELECT 1", connection);
            await check.ExecuteScalarAsync(cancellation);
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new JournalUnavailableException($"cannot connect: {JournalFailure.Message(error)}");
        }
    }

    // quick_check names the database on a line of its own before the first fault.
    private static string OneLine(string? verdict) =>
        string.Join("; ", (verdict ?? "no answer").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("***", StringComparison.Ordinal)));

    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
}
