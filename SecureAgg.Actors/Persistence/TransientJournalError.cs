using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SecureAgg.Persistence;

/// <summary>
/// Which database failures are an outage worth waiting out (the connection is gone, the server is restarting or
/// busy) and which are not (a constraint violated, a file read-only, full or corrupt, a malformed query): only the
/// first are retried, so a journal that cannot work fails at once instead of after the outage budget.
/// </summary>
public static class TransientJournalError
{
    // SQLite: another connection holds the lock.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool Is(Exception error) => Causes(error).Any(IsTransientCause);

    /// <summary>A unique-key violation: a write retried after its first attempt committed unseen.</summary>
    public static bool IsDuplicateKey(Exception error) => Causes(error).Any(cause => cause switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067,
        _ => false,
    });

    private static bool IsTransientCause(Exception cause) => cause switch
    {
        // Server shutting down, starting up, out of connections, or the connection broke.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                                      || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                                          or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        SocketException or TimeoutException => true,
        _ => false,
    };

    private static IEnumerable<Exception> Causes(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 32)
        {
            var cause = pending.Pop();
            yield return cause;
            if (cause is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                    pending.Push(inner);
            }
            else if (cause.InnerException is { } inner)
                pending.Push(inner);
        }
    }
}
