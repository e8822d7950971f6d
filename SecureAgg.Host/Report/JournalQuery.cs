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
/// read-only (<see cref="ReportJournalConfig"/>); events arrive decoded by the SecAgg serializer and are taken out of
/// their <see cref="SealedRecord"/>s: with the journal key each is checked as a replay would check it
/// (<see cref="SealedReplay"/>), without it they are read unchecked. Every database failure surfaces as a
/// <see cref="JournalUnavailableException"/> whose message says what could not be read.
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
    private readonly JournalSeal? _seal;
    private readonly List<string> _coordinatorFailures = [];

    private JournalQuery(ActorSystem system, SqlReadJournal journal, string source, JournalKey? key)
    {
        _system = system;
        _journal = journal;
        _materializer = system.Materializer();
        _source = source;
        _seal = key is null ? null : new JournalSeal(key, system.Serialization);
    }

    /// <summary>Whether records are checked (a journal key was given).</summary>
    public bool ChecksIntegrity => _seal is not null;

    /// <summary>The integrity failures <see cref="ReadClusterSessionsAsync"/> met in coordinators' streams.</summary>
    public IReadOnlyList<string> CoordinatorFailures => _coordinatorFailures;

    /// <summary>
    /// Opens the journal; <c>memory</c> has nothing to read and is refused, and a SQLite file must exist. With
    /// <paramref name="key"/> every record is checked under it.
    /// </summary>
    public static async Task<JournalQuery> OpenAsync(JournalTarget target, string logLevel, JournalKey? key = null)
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
            return new JournalQuery(system, PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier), source, key);
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
        var check = Check(persistenceId);
        var failure = await ReadEventsAsync(persistenceId, history.Apply, check);
        if (failure is JournalIntegrityException refused)
            history.IntegrityFailed(refused.SequenceNr);
        else if (failure is not null)
            history.Unreadable(JournalFailure.Message(failure));
        if (check is not null)
            history.Integrity = new IntegrityCheck(check.Sealed, check.Unsealed, (failure as JournalIntegrityException)?.Message);
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
            var failure = await ReadEventsAsync(id, envelope =>
            {
                if (envelope.Event is ClusterSessionOpened opened)
                    sessions[opened.Session.ToString()] = new ClusterSessionInfo(id[ClusterServerPrefix.Length..], opened);
            }, Check(id));
            if (failure is JournalIntegrityException refused)
                _coordinatorFailures.Add(refused.Message);
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
    /// Streams one persistence id's events, in sequence order and out of their seals, into <paramref name="apply"/>.
    /// Returns what stopped the stream when an event cannot be decoded or (with the key) fails its check, a
    /// <see cref="JournalIntegrityException"/> (those before it were applied), null when every event was read.
    /// </summary>
    public Task<Exception?> ReadEventsAsync(string persistenceId, Action<EventEnvelope> apply) => ReadEventsAsync(persistenceId, apply, Check(persistenceId));

    private async Task<Exception?> ReadEventsAsync(string persistenceId, Action<EventEnvelope> apply, SealedReplay? check)
    {
        try
        {
            await _journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue).RunForeach(envelope => apply(Opened(envelope, check)), _materializer);
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

    // The report reads journals of every build: records without a seal are counted, not refused.
    private SealedReplay? Check(string persistenceId) => _seal is null ? null : new SealedReplay(_seal, persistenceId, acceptUnsealed: true);

    private EventEnvelope Opened(EventEnvelope envelope, SealedReplay? check)
    {
        var payload = check is not null ? check.Event(envelope.Event, envelope.SequenceNr)
            : envelope.Event is SealedRecord record ? JournalSeal.Unwrap(record, _system.Serialization)
            : envelope.Event;
        return new EventEnvelope(envelope.Offset, envelope.PersistenceId, envelope.SequenceNr, payload, envelope.Timestamp, envelope.Tags);
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
