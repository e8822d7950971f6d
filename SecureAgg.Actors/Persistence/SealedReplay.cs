namespace SecureAgg.Persistence;

/// <summary>
/// The records of one persistence id as they replay: from its snapshot (or the start) on, every event must be the next
/// sequence number (a record whose persistence id was altered vanishes from the stream and leaves a gap), and sealed
/// under the journal key for exactly that place. Records written before journal integrity are refused unless accepted.
/// The one exception to "the next sequence number" is a sealed <see cref="IStreamSummary"/>: the events before it may
/// have been deleted on purpose, and its seal proves it was written at its own place.
/// </summary>
public sealed class SealedReplay(JournalSeal seal, string persistenceId, bool acceptUnsealed)
{
    /// <summary>The sequence number of the last record checked: the snapshot's, or the last event's.</summary>
    public long Position { get; private set; }

    /// <summary>How many accepted records were unsealed (so not checked at all).</summary>
    public int Unsealed { get; private set; }

    public int Sealed { get; private set; }

    /// <summary>The snapshot the store offers, taken at event <paramref name="sequenceNr"/>, checked and decoded.</summary>
    public object Snapshot(object stored, long sequenceNr)
    {
        var snapshot = Open(SealedKind.Snapshot, stored, sequenceNr);
        Position = sequenceNr;
        return snapshot;
    }

    /// <summary>Event <paramref name="sequenceNr"/> as the journal replays it, checked and decoded.</summary>
    public object Event(object journalled, long sequenceNr)
    {
        if (sequenceNr > Position + 1 && OpenSummary(journalled, sequenceNr) is { } summary)
        {
            Position = sequenceNr;
            return summary;
        }
        if (sequenceNr != Position + 1)
        {
            var missing = sequenceNr - 1 == Position + 1
                ? $"event {Position + 1} is missing (deleted, or altered so that it no longer belongs here)"
                : $"events {Position + 1} to {sequenceNr - 1} are missing (deleted, or altered so that they no longer belong here)";
            throw new JournalIntegrityException(persistenceId, sequenceNr, SealedKind.Event, sequenceNr > Position ? missing : $"it replays after event {Position}");
        }
        var opened = Open(SealedKind.Event, journalled, sequenceNr);
        Position = sequenceNr;
        return opened;
    }

    // Only a record that opens under the key counts: an unsealed or altered one gets the gap refusal, as before.
    private object? OpenSummary(object journalled, long sequenceNr)
    {
        if (journalled is not SealedRecord record)
            return null;
        object opened;
        try
        {
            opened = seal.Open(SealedKind.Event, record, persistenceId, sequenceNr);
        }
        catch (JournalIntegrityException)
        {
            return null;
        }
        if (opened is not IStreamSummary)
            return null;
        Sealed++;
        return opened;
    }

    private object Open(SealedKind kind, object stored, long sequenceNr)
    {
        if (stored is SealedRecord record)
        {
            var opened = seal.Open(kind, record, persistenceId, sequenceNr);
            Sealed++;
            return opened;
        }
        if (!acceptUnsealed)
            throw new JournalIntegrityException(persistenceId, sequenceNr, kind,
                $"the record ({stored.GetType().Name}) is not sealed: the journal was written before journal integrity, or by something else " +
                "(a server accepts such a journal only with --accept-unsealed-journal)");
        Unsealed++;
        return stored;
    }
}
