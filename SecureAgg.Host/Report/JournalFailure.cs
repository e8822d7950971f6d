using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SecureAgg.Host.Report;

/// <summary>
/// Turns what the read journal's streams fail with into one line that says what could not be read. The streams fail
/// with the driver's own exception (sometimes wrapped), so it is looked for along the inner exceptions.
/// </summary>
public static class JournalFailure
{
    private const int SqliteGenericError = 1;
    private const int SqliteCannotOpen = 14;

    /// <summary>The database itself failed (rather than an event that cannot be decoded).</summary>
    public static bool IsDatabase(Exception error) => Chain(error).Any(e => e is DbException or SocketException or TimeoutException);

    public static JournalUnavailableException Describe(Exception error, string source)
    {
        var chain = Chain(error).ToList();
        if (chain.Any(e => e is SqliteException { SqliteErrorCode: SqliteGenericError } s && s.Message.Contains("no such table", StringComparison.Ordinal)
                           || e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable }))
            return new JournalUnavailableException(
                $"the {source} has no table 'journal': not an Akka.Persistence.Sql journal (SQLite keeps snapshots apart, in PATH.snapshots)", error);
        // Npgsql's own exceptions without a server answer are socket errors and timeouts; class 28 is authentication
        // and 3D000 an unknown database: all of them before any table was read.
        var connecting = chain.FirstOrDefault(e =>
            e is NpgsqlException and not PostgresException
            || e is PostgresException p && (p.SqlState.StartsWith("28", StringComparison.Ordinal) || p.SqlState == PostgresErrorCodes.InvalidCatalogName)
            || e is SqliteException { SqliteErrorCode: SqliteCannotOpen }
            || e is SocketException or TimeoutException);
        if (connecting is not null)
            return new JournalUnavailableException($"cannot connect to the {source}: {Message(connecting)}", error);
        var cause = chain.FirstOrDefault(e => e is DbException) ?? chain[^1];
        return new JournalUnavailableException($"cannot read the journal table of the {source}: {Message(cause)}", error);
    }

    /// <summary>The exception's message, with the one below it when that adds something (Npgsql wraps "Connection refused").</summary>
    public static string Message(Exception error)
    {
        var message = error.Message.TrimEnd('.');
        if (error.InnerException is { } inner && !message.Contains(inner.Message.TrimEnd('.'), StringComparison.Ordinal))
            message += $" ({inner.Message.TrimEnd('.')})";
        return message;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is AggregateException { InnerExceptions.Count: > 1 } aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                    yield return inner;
                yield break;
            }
            yield return e;
        }
    }
}
