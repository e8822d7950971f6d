using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;
using SecureAgg.Persistence;
using SecureAgg.Serialization;

namespace SecureAgg.Host.Report;

/// <summary>
/// Reads the Akka.Persistence.Sql journal table (<c>journal</c>, the same columns on SQLite and PostgreSQL) with plain
/// SQL, read-only and without an ActorSystem. Every database failure surfaces as a <see cref="JournalUnavailableException"/>
/// whose message says what could not be read, with the connection string's password redacted.
/// </summary>
public sealed class JournalReader : IDisposable
{
    /// <summary>The persistence id prefix of a server session (<c>ServerSessionSettings.PersistenceId</c>).</summary>
    public const string SessionPrefix = "secagg-session-";

    /// <summary>The persistence id prefix of a cluster server's coordinator (<c>ClusterServerSettings.PersistenceId</c>).</summary>
    public const string ClusterServerPrefix = "secagg-cluster-server-";

    private const int DefaultPostgresTimeoutSeconds = 5;

    private readonly DbConnection _connection;
    private readonly string _source;

    private JournalReader(DbConnection connection, string source)
    {
        _connection = connection;
        _source = source;
    }

    /// <summary>Opens the journal; <c>memory</c> has nothing to read and is refused.</summary>
    public static JournalReader Open(JournalTarget target)
    {
        switch (target.Kind)
        {
            case JournalKind.Memory:
                throw new JournalUnavailableException("an in-memory journal lives only inside the process that wrote it: there is nothing to read. Use sqlite:PATH or postgres:CONNECTION-STRING.");
            case JournalKind.Sqlite:
            {
                var path = Path.GetFullPath(target.Location);
                if (Directory.Exists(path))
                    throw new JournalUnavailableException($"{path} is a folder, not a SQLite journal file (simulate writes OUT/journal.db).");
                if (!File.Exists(path))
                    throw new JournalUnavailableException($"no SQLite journal at {path}: the file does not exist.");
                var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly };
                return OpenWith(new SqliteConnection(builder.ConnectionString), $"SQLite journal {path}");
            }
            default:
            {
                NpgsqlConnectionStringBuilder builder;
                try
                {
                    builder = new NpgsqlConnectionStringBuilder(target.Location);
                }
                catch (ArgumentException error)
                {
                    throw new JournalUnavailableException($"invalid PostgreSQL connection string ({target}): {error.Message}", error);
                }
                // An unreachable server should fail within seconds, not after Npgsql's default of 15 s.
                if (!target.Location.Contains("timeout", StringComparison.OrdinalIgnoreCase))
                    builder.Timeout = DefaultPostgresTimeoutSeconds;
                return OpenWith(new NpgsqlConnection(builder.ConnectionString), $"PostgreSQL journal {target}");
            }
        }
    }

    private static JournalReader OpenWith(DbConnection connection, string source)
    {
        try
        {
            connection.Open();
            return new JournalReader(connection, source);
        }
        catch (Exception error) when (error is DbException or InvalidOperationException or TimeoutException)
        {
            connection.Dispose();
            throw new JournalUnavailableException($"cannot connect to the {source}: {Describe(error)}", error);
        }
    }

    /// <summary>
    /// The events of every server session (or of one persistence id), ordered by persistence id and sequence number, streamed.
    /// </summary>
    public IEnumerable<JournalRow> ReadSessionEvents(string? persistenceId = null) => ReadRows(persistenceId, SessionPrefix);

    /// <summary>
    /// The sessions cluster servers opened, by session id (32 hex digits), from their coordinators' journals;
    /// undecodable events are skipped (the session report still stands without them).
    /// </summary>
    public IReadOnlyDictionary<string, ClusterSessionInfo> ReadClusterSessions()
    {
        var sessions = new Dictionary<string, ClusterSessionInfo>(StringComparer.Ordinal);
        foreach (var row in ReadRows(null, ClusterServerPrefix))
        {
            if (row.Manifest != ClusterWireCodec.OpenedEventManifest || row.SerializerId != SecAggSerializer.SerializerId)
                continue;
            try
            {
                var opened = (ClusterSessionOpened)ClusterWireCodec.Decode(row.Manifest, row.Message, system: null);
                sessions[opened.Session.ToString()] = new ClusterSessionInfo(row.PersistenceId[ClusterServerPrefix.Length..], opened);
            }
            catch (WireFormatException)
            {
                // A damaged event: that session is reported from its own journal only.
            }
        }
        return sessions;
    }

    private IEnumerable<JournalRow> ReadRows(string? persistenceId, string prefix)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_number, created, deleted, manifest, identifier, message FROM journal " +
                              (persistenceId is null ? "WHERE persistence_id LIKE @id " : "WHERE persistence_id = @id ") +
                              "ORDER BY persistence_id, sequence_number";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = persistenceId ?? prefix + "%";
        command.Parameters.Add(parameter);

        using var reader = Guard(command.ExecuteReader);
        while (Guard(reader.Read))
        {
            var row = Guard(() => new JournalRow(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                Convert.ToBoolean(reader.GetValue(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5)),
                reader.GetFieldValue<byte[]>(6)));
            // LIKE is case-insensitive on SQLite: keep exactly the prefix the server writes.
            if (row.PersistenceId.StartsWith(prefix, StringComparison.Ordinal))
                yield return row;
        }
    }

    /// <summary>Events and distinct persistence ids in the whole table, for saying what a journal without sessions holds.</summary>
    public (long Events, long PersistenceIds, long SessionIds) Count()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT persistence_id), " +
                              "COUNT(DISTINCT CASE WHEN persistence_id LIKE @prefix THEN persistence_id END) FROM journal";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@prefix";
        parameter.Value = SessionPrefix + "%";
        command.Parameters.Add(parameter);
        using var reader = Guard(command.ExecuteReader);
        Guard(reader.Read);
        return Guard(() => (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    public void Dispose() => _connection.Dispose();

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception error) when (error is SqliteException { SqliteErrorCode: 1 } && error.Message.Contains("no such table", StringComparison.Ordinal)
                                      || error is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable })
        {
            throw new JournalUnavailableException(
                $"the {_source} has no table 'journal': not an Akka.Persistence.Sql journal (SQLite keeps snapshots apart, in PATH.snapshots)", error);
        }
        catch (Exception error) when (error is DbException or InvalidCastException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new JournalUnavailableException($"cannot read the journal table of the {_source}: {Describe(error)}", error);
        }
    }

    private static string Describe(Exception error)
    {
        var message = error.Message.TrimEnd('.');
        // Npgsql wraps the socket error ("Connection refused") one level down.
        if (error.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
            message += $" ({inner.Message.TrimEnd('.')})";
        return message;
    }
}
