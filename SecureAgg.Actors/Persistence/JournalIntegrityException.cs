namespace SecureAgg.Persistence;

/// <summary>A journal record that fails its check on replay: recovery is refused rather than rebuilt from it.</summary>
public sealed class JournalIntegrityException(string persistenceId, long sequenceNr, SealedKind kind, string cause)
    : Exception($"The journal of {persistenceId} fails its integrity check at {(kind == SealedKind.Snapshot ? "the snapshot of event" : "event")} {sequenceNr}: {cause}.")
{
    public string PersistenceId { get; } = persistenceId;

    public long SequenceNr { get; } = sequenceNr;

    public SealedKind Kind { get; } = kind;

    public string Cause { get; } = cause;
}
