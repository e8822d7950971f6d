using System.Net.Sockets;
using Akka.Event;
using Microsoft.Data.Sqlite;
using Npgsql;
using SecureAgg.Persistence;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// The retries behind <see cref="ResilientSqlJournal"/>: which failures are an outage (<see cref="TransientJournalError"/>),
/// and that a call is retried through one, gives up after the budget with one line, and never retries a failure that
/// waiting cannot fix.
/// </summary>
public sealed class JournalOutagePolicySpecs
{
    private static JournalOutagePolicy Policy(TimeSpan budget) => new(budget, NoLogger.Instance);

    public static TheoryData<Exception, bool> Failures => new()
    {
        { new SocketException((int)SocketError.ConnectionRefused), true },
        { new NpgsqlException("Exception while reading from stream", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))), true },
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown), true },
        { new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow), true },
        { new InvalidOperationException("wrapped", new SqliteException("database is locked", 5)), true },
        { new AggregateException(new TimeoutException("no answer")), true },
        { new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation), false },
        { new PostgresException("password authentication failed", "FATAL", "FATAL", PostgresErrorCodes.InvalidPassword), false },
        { new SqliteException("attempt to write a readonly database", 8), false },
        { new SqliteException("database or disk is full", 13), false },
        { new SqliteException("database disk image is malformed", 11), false },
        { new InvalidOperationException("There is no active ActorContext"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_failures_that_waiting_can_fix_are_an_outage(Exception failure, bool transient) =>
        Assert.Equal(transient, TransientJournalError.Is(failure));

    [Fact]
    public async Task A_call_failing_through_a_short_outage_is_retried_until_it_succeeds()
    {
        var attempts = 0;
        var result = await Policy(TimeSpan.FromSeconds(20)).Run("writing x", () =>
        {
            attempts++;
            return attempts < 4 ? Task.FromException<int>(new SocketException((int)SocketError.ConnectionRefused)) : Task.FromResult(42);
        }, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task A_call_failing_for_longer_than_the_budget_gives_up_with_one_line_naming_it()
    {
        var budget = TimeSpan.FromMilliseconds(800);
        var attempts = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<JournalOutageException>(() => Policy(budget).Run("writing secagg-session-1 up to event 7", () =>
        {
            attempts++;
            return Task.FromException<int>(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)));
        }, CancellationToken.None));

        Assert.True(clock.Elapsed >= budget, $"gave up after {clock.Elapsed}");
        Assert.True(attempts > 1, "never retried");
        Assert.StartsWith("writing secagg-session-1 up to event 7 failed for ", error.Message);
        Assert.Contains("Connection refused", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_failure_waiting_cannot_fix_is_not_retried_and_keeps_its_type()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<SqliteException>(() => Policy(TimeSpan.FromSeconds(20)).Run("writing x", () =>
        {
            attempts++;
            return Task.FromException<int>(new SqliteException("database or disk is full", 13));
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_cancelled_call_stops_retrying()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Policy(TimeSpan.FromMinutes(5)).Run("writing x",
            () => Task.FromException<int>(new SocketException((int)SocketError.ConnectionRefused)), cancel.Token));
    }
}
