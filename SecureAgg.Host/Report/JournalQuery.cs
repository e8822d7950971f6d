using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using SecureAgg.Actors.Cluster;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Report;

/// <summary>
/// Reads the server journal through Akka.Persistence.Query (<see cref="SqlReadJournal"/>) in an ActorSystem of its own,
/// read-only (<see cref="ReportJournalConfig"/>); events arrive decoded by the SecAgg serializer. Every database failure
/// surfaces as a <see cref="JournalUnavailableException"/> whose message says what could not be read.
/// </summary>
public sealed class JournalQuery : IAsyncDisposable
{
    /// <summary>The persistence id prefix of a server session (<c>ServerSessionActor.PersistenceId</c>).</summary>
    public const string SessionPrefix = "secagg-session-";

    /// <summary>The persistence id prefix of a cluster server's coordinator (<c>ClusterServerSettings.PersistenceId</c>).</summary>
    public const string ClusterServerPrefix = "secagg-cluster-server-";

    private readonly ActorSystem _system;
    private readonly SqlReadJournal _journal;
    private readonly IMaterializer _materializer;
    private readonly string _source;

    private JournalQuery(ActorSystem system, SqlReadJournal journal, string source)
    {
        _system = system;
        _journal = journal;
        _materializer = system.Materializer();
        _source = source;
    }

    /// <summary>Opens the journal; <c>memory</c> has nothing to read and is refused, and a SQLite file must exist.</summary>
    public static async Task<JournalQuery> OpenAsync(JournalTarget target, string logLevel)
    {
        var source = SourceOf(target);
        Akka.Configuration.Config config;
        try
        {
            config = ReportJournalConfig.For(target, logLevel);
        }
        catch (ArgumentException error)
        {
            throw new JournalUnavailableException($"invalid connection string for the {source}: {error.Message}", error);
        }
        var system = ActorSystem.Create("secagg-report", config);
        try
        {
            return new JournalQuery(system, PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier), source);
        }
        catch (Exception error)
        {
            await system.Terminate();
            throw new JournalUnavailableException($"cannot start the read journal for the {source}: {JournalFailure.Message(error)}", error);
        }
    }

    /// <summary>Every persistence id with events, in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> PersistenceIdsAsync()
    {
        try
        {
            var ids = await _journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), _materializer);
            return [.. ids.Order(StringComparer.Ordinal)];
        }
        catch (Exception error)
        {
            throw JournalFailure.Describe(error, _source);
        }
    }

    /// <summary>One server session replayed from its events (<paramref name="persistenceId"/> starts with <see cref="SessionPrefix"/>).</summary>
    public async Task<SessionHistory> ReadSessionAsync(string persistenceId)
    {
        var history = new SessionHistory(persistenceId[SessionPrefix.Length..]);
        if (await ReadEventsAsync(persistenceId, history.Apply) is { } undecodable)
            history.Unreadable(JournalFailure.Message(undecodable));
        return history;
    }

    /// <summary>
    /// The sessions cluster servers opened, by session id (32 hex digits), from their coordinators' journals; a
    /// coordinator's events past one that cannot be decoded are left out (the session report stands without them).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ClusterSessionInfo>> ReadClusterSessionsAsync(IEnumerable<string> persistenceIds)
    {
        var sessions = new Dictionary<string, ClusterSessionInfo>(StringComparer.Ordinal);
        foreach (var id in persistenceIds.Where(id => id.StartsWith(ClusterServerPrefix, StringComparison.Ordinal)))
        {
            await ReadEventsAsync(id, envelope =>
            {
                if (envelope.Event is ClusterSessionOpened opened)
                    sessions[opened.Session.ToString()] = new ClusterSessionInfo(id[ClusterServerPrefix.Length..], opened);
            });
        }
        return sessions;
    }

    /// <summary>The events of these persistence ids, and whether all of them could be decoded (else the count is a lower bound).</summary>
    public async Task<(long Events, bool Complete)> CountEventsAsync(IEnumerable<string> persistenceIds)
    {
        long events = 0;
        var complete = true;
        foreach (var id in persistenceIds)
            complete &= await ReadEventsAsync(id, _ => events++) is null;
        return (events, complete);
    }

    /// <summary>
    /// Streams one persistence id's events, in sequence order, into <paramref name="apply"/>. Returns what stopped the
    /// stream when an event cannot be decoded (those before it were applied), null when every event was read.
    /// </summary>
    public async Task<Exception?> ReadEventsAsync(string persistenceId, Action<EventEnvelope> apply)
    {
        try
        {
            await _journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue).RunForeach(apply, _materializer);
            return null;
        }
        catch (Exception error) when (!JournalFailure.IsDatabase(error))
        {
            return error;
        }
        catch (Exception error)
        {
            throw JournalFailure.Describe(error, _source);
        }
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private static string SourceOf(JournalTarget target)
    {
        switch (target.Kind)
        {
            case JournalKind.Memory:
                throw new JournalUnavailableException("an in-memory journal lives only inside the process that wrote it: there is nothing to read. Use sqlite:PATH or postgres:CONNECTION-STRING.");
            case JournalKind.Sqlite:
            {
                // Checked before any ActorSystem exists: nothing may create the file or its folder.
                var path = Path.GetFullPath(target.Location);
                if (Directory.Exists(path))
                    throw new JournalUnavailableException($"{path} is a folder, not a SQLite journal file (simulate writes OUT/journal.db).");
                if (!File.Exists(path))
                    throw new JournalUnavailableException($"no SQLite journal at {path}: the file does not exist.");
                return $"SQLite journal {path}";
            }
            default:
                return $"PostgreSQL journal {target}";
        }
    }
}
