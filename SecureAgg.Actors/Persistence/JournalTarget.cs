using Akka.Configuration;
using Akka.Persistence.Sql;

namespace SecureAgg.Persistence;

public enum JournalKind
{
    Memory,
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the server session journal lives, from a command-line spec: <c>sqlite:PATH</c> (the embedded default),
/// <c>postgres:CONNECTION-STRING</c> or <c>memory</c>. SQLite keeps journal and snapshots in two files so the two
/// stores never contend for one database lock.
/// </summary>
public sealed record JournalTarget(JournalKind Kind, string Location)
{
    public static JournalTarget Sqlite(string path) => new(JournalKind.Sqlite, path);

    public static readonly JournalTarget Memory = new(JournalKind.Memory, "");

    public static JournalTarget Parse(string spec)
    {
        if (string.Equals(spec, "memory", StringComparison.OrdinalIgnoreCase))
            return new JournalTarget(JournalKind.Memory, "");
        var colon = spec.IndexOf(':');
        var scheme = colon < 0 ? "" : spec[..colon].ToLowerInvariant();
        var rest = colon < 0 ? "" : spec[(colon + 1)..];
        return scheme switch
        {
            "sqlite" when rest.Length > 0 => new JournalTarget(JournalKind.Sqlite, rest),
            "postgres" or "postgresql" when rest.Length > 0 => new JournalTarget(JournalKind.Postgres, rest),
            _ => throw new ArgumentException($"Unknown journal '{spec}': use sqlite:PATH, postgres:CONNECTION-STRING or memory."),
        };
    }

    public override string ToString() => Kind switch
    {
        JournalKind.Memory => "memory",
        JournalKind.Sqlite => $"sqlite:{Location}",
        _ => "postgres:" + RedactPassword(Location),
    };

    /// <summary>The connection strings of the journal and the snapshot store, and the linq2db provider name.</summary>
    public (string Journal, string Snapshots, string Provider) SqlConnection()
    {
        if (Kind == JournalKind.Memory)
            throw new InvalidOperationException("An in-memory journal has no SQL connection.");
        if (Kind == JournalKind.Postgres)
            return (Location, Location, "PostgreSQL15");
        var directory = Path.GetDirectoryName(Path.GetFullPath(Location));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        return ($"Data Source={Location}", $"Data Source={Location}.snapshots", "SQLite.MS");
    }

    /// <summary>
    /// The SQL plugins replaced by their outage-riding versions (<see cref="ResilientSqlJournal"/>,
    /// <see cref="ResilientSqlSnapshotStore"/>), and Akka's own timeouts on a journal call raised above the outage
    /// budget, so that a call waiting out an outage is not failed underneath it.
    /// </summary>
    public static Config OutageConfig(TimeSpan budget)
    {
        var patience = $"{(long)(budget + CallPatience).TotalMilliseconds}ms";
        var plugin = $$"""
            outage-budget = {{(long)budget.TotalMilliseconds}}ms
            circuit-breaker { call-timeout = {{patience}} }
            """;
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.sql {
              class = "{{typeof(ResilientSqlJournal).FullName}}, {{typeof(ResilientSqlJournal).Assembly.GetName().Name}}"
              {{plugin}}
              recovery-event-timeout = {{patience}}
            }
            akka.persistence.snapshot-store.sql {
              class = "{{typeof(ResilientSqlSnapshotStore).FullName}}, {{typeof(ResilientSqlSnapshotStore).Assembly.GetName().Name}}"
              {{plugin}}
            }
            """);
    }

    // One attempt may take this long after the budget is spent (Npgsql's connect and command timeouts).
    private static readonly TimeSpan CallPatience = TimeSpan.FromSeconds(90);

    public Config ToConfig(TimeSpan? outageBudget = null)
    {
        if (Kind == JournalKind.Memory)
        {
            return ConfigurationFactory.ParseString("""
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """);
        }
        var (journal, snapshots, provider) = SqlConnection();
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { connection-string = {{Quote(journal)}}, provider-name = "{{provider}}", auto-initialize = true }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { connection-string = {{Quote(snapshots)}}, provider-name = "{{provider}}", auto-initialize = true }
              }
            }
            """).WithFallback(OutageConfig(outageBudget ?? JournalOutagePolicy.DefaultBudget)).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string RedactPassword(string connectionString) =>
        string.Join(';', connectionString.Split(';').Select(part =>
            part.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase) ? "Password=***" : part));
}
