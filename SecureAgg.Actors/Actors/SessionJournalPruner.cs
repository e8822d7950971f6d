using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using SecureAgg.Persistence;

namespace SecureAgg.Actors;

/// <summary>
/// Deletes a finished session's journal down to its <see cref="SessionConcluded"/> summary, once its result is recorded
/// where it counts (the in-process coordinator handed the report over; a cluster server journalled the session's
/// end): every event before the summary and every snapshot. It runs after the session actor stopped, under the same
/// persistence id (only an actor of that id may delete its stream), and checks the stream as a replay would: a stream
/// that does not end in a sealed summary (the server failed before concluding) is left whole. Then it stops.
/// </summary>
public sealed class SessionJournalPruner : SealedPersistentActor
{
    private readonly string _persistenceId;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _summaryAt;
    private bool _eventsDeleted;
    private bool _snapshotsDeleted;

    public SessionJournalPruner(string persistenceId, JournalIntegrity integrity) : base(integrity)
    {
        _persistenceId = persistenceId;
        // Snapshots are restored only to skip the events before them; nothing of them is kept.
        RecoverSealedSnapshot<object>(_ => { });
        RecoverSealed<ISessionJournalEvent>(journalled => _summaryAt = journalled is SessionConcluded ? LastSequenceNr : 0);
        Recover<RecoveryCompleted>(_ => Prune());
        Command<DeleteMessagesSuccess>(_ => Deleted(events: true));
        Command<DeleteSnapshotsSuccess>(_ => Deleted(events: false));
        Command<DeleteMessagesFailure>(failed => GiveUp($"its events could not be deleted: {failed.Cause.Message}"));
        Command<DeleteSnapshotsFailure>(failed => GiveUp($"its snapshots could not be deleted: {failed.Cause.Message}"));
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId, JournalIntegrity integrity) =>
        Akka.Actor.Props.Create(() => new SessionJournalPruner(persistenceId, integrity));

    private void Prune()
    {
        if (_summaryAt == 0 || _summaryAt != LastSequenceNr)
        {
            _log.Warning("{0} does not end in a session summary: its events are kept", _persistenceId);
            Context.Stop(Self);
            return;
        }
        // The SQL journal keeps the highest deleted row (marked deleted) to remember the sequence number: the event just
        // before the summary, a round close of a few bytes.
        if (_summaryAt > 1)
            DeleteMessages(_summaryAt - 1);
        else
            _eventsDeleted = true;
        DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue, DateTime.MaxValue));
    }

    private void Deleted(bool events)
    {
        if (events)
            _eventsDeleted = true;
        else
            _snapshotsDeleted = true;
        if (!_eventsDeleted || !_snapshotsDeleted)
            return;
        _log.Info("{0}: its result is recorded; its {1} events and its snapshots were deleted, its summary (event {2}) kept", _persistenceId, _summaryAt - 1, _summaryAt);
        Context.Stop(Self);
    }

    private void GiveUp(string why)
    {
        _log.Warning("{0}: {1}; the session stays in the journal whole", _persistenceId, why);
        Context.Stop(Self);
    }

    protected override void OnRecoveryRefused(string reason)
    {
        // Already logged by the base class; a stream that fails its check is evidence and stays.
        Context.Stop(Self);
    }

    // Also logged by the base class; the stream stays whole, to be pruned never (bounded by one session).
    protected override void OnJournalUnavailable(string reason) => Context.Stop(Self);
}
