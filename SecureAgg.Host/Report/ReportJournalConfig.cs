using System.Data.Common;
using Akka.Configuration;
using Akka.Persistence.Sql.Query;
using Microsoft.Data.Sqlite;
using Npgsql;
using SecureAgg.Actors.Wire;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Report;

/// <summary>
/// The report's ActorSystem config: the journal exactly as the server writes it (<see cref="JournalTarget.ToConfig"/>),
/// made read-only, with the SQL read journal on the same database, the SecAgg serializer for the events, and Akka's
/// own logging at the level asked for (off by default: the report's errors are its own one-liners).
/// </summary>
public static class ReportJournalConfig
{
    private const string WritePlugin = "akka.persistence.journal.sql";

    // An unreachable PostgreSQL should fail the report within seconds, not after Npgsql's default of 15 s.
    private const int DefaultPostgresTimeoutSeconds = 5;

    /// <summary>Akka's log levels the report accepts; OFF is the default.</summary>
    public static readonly string[] LogLevels = ["OFF", "ERROR", "WARNING", "INFO", "DEBUG"];

    public static Config For(JournalTarget target, string logLevel)
    {
        var journal = target.ToConfig();
        var connection = ReadOnly(target, journal.GetString(WritePlugin + ".connection-string"));
        var provider = journal.GetString(WritePlugin + ".provider-name");
        // auto-initialize off: the server's config creates the tables, a report must never. No snapshot store: the
        // report reads none, and a started SQLite one would create PATH.snapshots.
        return ConfigurationFactory.ParseString($$"""
                akka {
                  loglevel = {{logLevel}}
                  stdout-loglevel = {{logLevel}}
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  persistence {
                    journal.sql { connection-string = {{Quote(connection)}}, auto-initialize = off }
                    snapshot-store.plugin = "akka.persistence.no-snapshot-store"
                  }
                }
                {{SqlReadJournal.Identifier}} {
                  write-plugin = "{{WritePlugin}}"
                  connection-string = {{Quote(connection)}}
                  provider-name = "{{provider}}"
                }
                """)
            .WithFallback(SecAggActorConfig.Serialization())
            .WithFallback(journal);
    }

    /// <summary>
    /// SQLite opened read-only (a missing file is then an error, never a new empty database, and nothing is written);
    /// PostgreSQL with a short connect timeout unless the connection string sets one.
    /// </summary>
    private static string ReadOnly(JournalTarget target, string connectionString)
    {
        if (target.Kind == JournalKind.Sqlite)
            return new SqliteConnectionStringBuilder(connectionString)
            {
                DataSource = Path.GetFullPath(target.Location),
                Mode = SqliteOpenMode.ReadOnly,
                // Pooled connections would hold the file open after the report's system has stopped.
                Pooling = false,
            }.ConnectionString;
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Timeout"))
            builder.Timeout = DefaultPostgresTimeoutSeconds;
        return builder.ConnectionString;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
