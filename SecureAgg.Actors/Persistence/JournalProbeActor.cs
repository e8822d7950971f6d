using Akka.Actor;
using Akka.Persistence;

namespace SecureAgg.Persistence;

/// <summary>The probe's answer: null when the journal and the snapshot store took a record and gave it back.</summary>
public sealed record JournalProbeResult(string? Failure);

/// <summary>
/// A short-lived persistent actor that proves the journal works (before the first round, and before a server goes on
/// after an outage): the writing incarnation
/// persists a nonce, snapshots it and persists one more event; the reading one recovers the snapshot and that event, then deletes them. Any failure is answered as one
/// line, so a journal that cannot be used stops the command instead of aborting every round.
/// </summary>
public sealed class JournalProbeActor : ReceivePersistentActor
{
    public const string Id = "secagg-journal-probe";

    private readonly string _persistenceId;
    private readonly string _nonce;
    private readonly bool _write;
    private readonly IActorRef _replyTo;
    private string? _recoveredEvent;
    private string? _recoveredSnapshot;

    public JournalProbeActor(string nonce, bool write, IActorRef replyTo, string persistenceId)
    {
        _persistenceId = persistenceId;
        _nonce = nonce;
        _write = write;
        _replyTo = replyTo;
        Recover<string>(e => _recoveredEvent = e);
        Recover<SnapshotOffer>(offer => _recoveredSnapshot = offer.Snapshot as string);
        Recover<RecoveryCompleted>(_ => Recovered());
        // The event after the snapshot is what a recovery from that snapshot replays from the journal.
        Command<SaveSnapshotSuccess>(_ => Persist(After, _ => Answer(null)));
        Command<SaveSnapshotFailure>(failure => Answer($"the snapshot store cannot save: {failure.Cause.GetBaseException().Message}"));
        Command<DeleteMessagesSuccess>(_ => DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue)));
        Command<DeleteMessagesFailure>(failure => Answer($"the journal cannot delete: {failure.Cause.GetBaseException().Message}"));
        Command<DeleteSnapshotsSuccess>(_ => Answer(null));
        Command<DeleteSnapshotsFailure>(failure => Answer($"the snapshot store cannot delete: {failure.Cause.GetBaseException().Message}"));
    }

    public override string PersistenceId => _persistenceId;

    private string After => _nonce + "-after-snapshot";

    /// <param name="persistenceId">Its stream: <see cref="Id"/>, or one of its own for each prober that may run beside another.</param>
    public static Props Props(string nonce, bool write, IActorRef replyTo, string persistenceId = Id) =>
        Akka.Actor.Props.Create(() => new JournalProbeActor(nonce, write, replyTo, persistenceId));

    private void Recovered()
    {
        if (_write)
        {
            Persist(_nonce, _ => SaveSnapshot(_nonce));
            return;
        }
        if (_recoveredEvent != After)
            Answer("the journal did not give back the event just written");
        else if (_recoveredSnapshot != _nonce)
            Answer("the snapshot store did not give back the snapshot just saved");
        else
            DeleteMessages(LastSequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        Answer($"the journal cannot be read: {reason.GetBaseException().Message}");

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Answer($"the journal cannot be written: {cause.GetBaseException().Message}");

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Answer($"the journal rejected a write: {cause.GetBaseException().Message}");

    private void Answer(string? failure)
    {
        _replyTo.Tell(new JournalProbeResult(failure));
        Context.Stop(Self);
    }
}
