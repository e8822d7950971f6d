using Akka.Event;
using Akka.Persistence;

namespace SecureAgg.Persistence;

/// <summary>
/// A persistent actor whose every event and snapshot is sealed (<see cref="JournalSeal"/>) and checked on replay
/// (<see cref="SealedReplay"/>): a record that was altered, moved, dropped from the middle or sealed under another key
/// refuses the recovery (<see cref="OnRecoveryRefused"/>) instead of rebuilding a different state from it.
/// </summary>
public abstract class SealedPersistentActor : ReceivePersistentActor
{
    private readonly JournalIntegrity _integrity;
    private readonly JournalSeal _seal;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SealedReplay? _replay;

    // Persists whose handler has not run yet: their sequence numbers are taken, LastSequenceNr does not show them.
    private int _pendingPersists;

    protected SealedPersistentActor(JournalIntegrity integrity)
    {
        _integrity = integrity;
        _seal = new JournalSeal(integrity.Key, Context.System.Serialization);
    }

    /// <summary>How this actor's journal is sealed and checked.</summary>
    protected JournalIntegrity Integrity => _integrity;

    // The persistence id is the subclass's, so known only once its constructor ran.
    private SealedReplay Replay => _replay ??= new SealedReplay(_seal, PersistenceId, _integrity.AcceptUnsealed);

    /// <summary>Replays the journalled events of type <typeparamref name="TEvent"/> into <paramref name="apply"/>, each checked first.</summary>
    protected void RecoverSealed<TEvent>(Action<TEvent> apply) where TEvent : class
    {
        Recover<SealedRecord>(record => apply(As<TEvent>(Replay.Event(record, LastSequenceNr), SealedKind.Event)));
        // Unsealed: refused by the replay unless the journal's integrity settings accept records of older builds.
        Recover<TEvent>(unsealed => apply(As<TEvent>(Replay.Event(unsealed, LastSequenceNr), SealedKind.Event)));
    }

    /// <summary>Restores an offered snapshot of type <typeparamref name="TSnapshot"/>, checked first.</summary>
    protected void RecoverSealedSnapshot<TSnapshot>(Action<TSnapshot> apply) where TSnapshot : class =>
        Recover<SnapshotOffer>(offer => apply(As<TSnapshot>(Replay.Snapshot(offer.Snapshot, offer.Metadata.SequenceNr), SealedKind.Snapshot)));

    /// <summary>Seals and persists <paramref name="journalled"/>, then runs <paramref name="then"/> with it, as <c>Persist</c> does.</summary>
    protected void PersistSealed<TEvent>(TEvent journalled, Action<TEvent> then) where TEvent : notnull
    {
        var sequenceNr = LastSequenceNr + 1 + _pendingPersists;
        _pendingPersists++;
        Persist(_seal.Seal(SealedKind.Event, PersistenceId, sequenceNr, journalled), _ =>
        {
            _pendingPersists--;
            if (LastSequenceNr != sequenceNr)
                throw new InvalidOperationException($"{PersistenceId}: sealed event {sequenceNr} was journalled as {LastSequenceNr}.");
            then(journalled);
        });
    }

    /// <summary>Seals and saves a snapshot of the state after event <c>LastSequenceNr</c>.</summary>
    protected void SaveSealedSnapshot(object snapshot) =>
        SaveSnapshot(_seal.Seal(SealedKind.Snapshot, PersistenceId, SnapshotSequenceNr, snapshot));

    /// <summary>
    /// The recovery failed (a record failed its check, the journal could not be read, or the replay diverged) and the
    /// actor stops: <paramref name="reason"/> is one line naming the persistence id and the sequence number.
    /// </summary>
    protected abstract void OnRecoveryRefused(string reason);

    /// <summary>
    /// The journal could not be written or read through the whole outage budget (<see cref="JournalOutagePolicy"/>)
    /// and the actor stops: <paramref name="reason"/> is one line naming the persistence id and the cause.
    /// </summary>
    protected abstract void OnJournalUnavailable(string reason);

    protected sealed override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // Akka stops the actor after this; its own handler would log the stack trace at ERROR.
        var line = $"{PersistenceId} could not journal event {sequenceNr}: {Cause(cause)}";
        _log.Error("Journal write failed: {0}", line);
        _log.Debug("{0}", cause);
        OnJournalUnavailable(line);
    }

    protected sealed override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        if (message is null && reason is not JournalIntegrityException && (reason is JournalOutageException || TransientJournalError.Is(reason)))
        {
            // Not a journal that lies, one that could not be reached.
            var unreachable = $"the journal of {PersistenceId} could not be read{(LastSequenceNr > 0 ? $" after event {LastSequenceNr}" : "")}: {Cause(reason)}";
            _log.Error("Recovery failed: {0}", unreachable);
            _log.Debug("{0}", reason);
            OnJournalUnavailable(unreachable);
            return;
        }
        var line = reason switch
        {
            JournalIntegrityException => reason.Message,
            // Thrown by the subclass's handler while applying event LastSequenceNr.
            _ when message is not null => $"The journal of {PersistenceId} does not replay at event {LastSequenceNr}: {reason.Message}",
            _ => $"The journal of {PersistenceId} could not be read{(LastSequenceNr > 0 ? $" after event {LastSequenceNr}" : "")}: {reason.GetBaseException().Message}",
        };
        // One line for operators; the stack trace only at DEBUG.
        _log.Error("Recovery refused: {0}", line);
        _log.Debug("{0}", reason);
        OnRecoveryRefused(line);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The journal took the sequence number but runs no handler.
        _pendingPersists--;
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private static string Cause(Exception error) => error is JournalOutageException ? error.Message : error.GetBaseException().Message;

    private T As<T>(object opened, SealedKind kind) where T : class =>
        opened as T ?? throw new JournalIntegrityException(PersistenceId, LastSequenceNr, kind,
            $"it holds a {opened.GetType().Name}, not a {typeof(T).Name}");
}
