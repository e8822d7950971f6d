using Akka.Persistence.Query;
using SecureAgg.Actors;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Host.Report;

/// <summary>What the journal says about a session's security mode, and on what evidence.</summary>
public enum SessionMode
{
    Unknown,
    SemiHonest,
    Active,
}

/// <summary>How a session's journal ends.</summary>
public enum SessionOutcome
{
    /// <summary>Unmasking closed and every client asked to unmask answered (U5 = U4).</summary>
    Completed,

    /// <summary>Unmasking closed with fewer answers than clients asked; whether they reached t is not in the journal.</summary>
    UnmaskingClosedShort,

    /// <summary>The last event closes a phase before Unmasking and nothing follows.</summary>
    EndedAfter,

    /// <summary>The last event is an accepted message: its phase never closed.</summary>
    InProgress,

    /// <summary>No SecAgg event was read.</summary>
    NoEvents,
}

/// <summary>
/// One server session rebuilt from its journal the way <see cref="ServerSessionActor"/> journals it: a
/// <see cref="ClientMessageAccepted"/> for every message it accepted and a <see cref="RoundClosed"/> for every phase it
/// closed, as the read journal hands them back decoded. U_i is the set of clients whose phase-i message was accepted
/// when phase i closed, exactly as <see cref="ServerSession"/> fixes it; U4 = U3 in semi-honest mode. Inconsistencies
/// are collected as anomalies rather than thrown, so a damaged journal still gets a report. A finished session ends in
/// a <see cref="SessionConcluded"/> summary, which replaces what the events before it said (they are usually deleted).
/// </summary>
public sealed class SessionHistory
{
    /// <summary>AdvertiseKeys … Unmasking: the phases that accept messages and close.</summary>
    public static readonly ServerPhase[] Phases =
        [ServerPhase.AdvertiseKeys, ServerPhase.ShareKeys, ServerPhase.MaskedInputCollection, ServerPhase.ConsistencyCheck, ServerPhase.Unmasking];

    private const int MaxAnomalies = 20;

    private readonly SortedSet<int>[] _accepted = [.. Phases.Select(_ => new SortedSet<int>())];
    private readonly bool[] _closed = new bool[Phases.Length];
    private readonly DateTime?[] _closedAt = new DateTime?[Phases.Length];
    private readonly List<string> _anomalies = [];
    private int _suppressedAnomalies;
    private ServerPhase? _openPhase;
    private int _signedKeys;
    private int _unsignedKeys;
    private SessionConcluded? _summary;

    public SessionHistory(string session) => Session = session;

    /// <summary>n, t, b, members and task, when a cluster server opened the session (its coordinator journals them).</summary>
    public ClusterSessionInfo? Cluster { get; set; }

    /// <summary>What checking the records under the journal key found; null when no key was given.</summary>
    public IntegrityCheck? Integrity { get; set; }

    /// <summary>The session id, 32 hex digits (the persistence id without <see cref="JournalQuery.SessionPrefix"/>).</summary>
    public string Session { get; }

    /// <summary>When the first and the last journalled event were written (UTC); not when the server started waiting.</summary>
    public DateTime? Started { get; private set; }

    public DateTime? Ended { get; private set; }

    public TimeSpan? Duration => Started is { } start && Ended is { } end ? end - start : null;

    public int Events { get; private set; }

    /// <summary>Events of another type than the two above (none are expected from the server session actor).</summary>
    public int SkippedEvents { get; private set; }

    public long FirstSequence { get; private set; }

    public long LastSequence { get; private set; }

    /// <summary>Sequence numbers do not run 1, 2, 3, …: events were deleted (the read journal skips them), so counts may be low.</summary>
    public bool HasGaps { get; private set; }

    /// <summary>The vector length m of the masked inputs, when any was journalled.</summary>
    public int? VectorLength { get; private set; }

    public ServerPhase? LastClosed { get; private set; }

    /// <summary>The phase whose messages arrived after the last close (in progress when the journal ends there).</summary>
    public ServerPhase? OpenPhase => _openPhase;

    public bool LastEventIsClose { get; private set; }

    public IReadOnlyList<string> Anomalies => _suppressedAnomalies == 0 ? _anomalies : [.. _anomalies, $"… and {_suppressedAnomalies} more"];

    public void Apply(EventEnvelope envelope)
    {
        var sequence = envelope.SequenceNr;
        Events++;
        if (Events == 1)
            FirstSequence = sequence;
        else if (sequence != LastSequence + 1)
            HasGaps = true;
        LastSequence = sequence;
        var at = Timestamp(envelope.Timestamp);
        if (at is not null)
        {
            Started ??= at;
            Ended = at;
        }

        switch (envelope.Event)
        {
            case ClientMessageAccepted accepted:
                ApplyAccepted(sequence, accepted.Message);
                break;
            case RoundClosed closed:
                ApplyClosed(sequence, closed.Phase, at);
                break;
            case SessionConcluded concluded:
                ApplySummary(concluded);
                break;
            default:
                SkippedEvents++;
                break;
        }
    }

    /// <summary>The session's summary, when its server journalled one (it finished); null for a journal of an older build or an unfinished session.</summary>
    public SessionConcluded? Summary => _summary;

    /// <summary>How many events the session journalled in all, by its summary (most may be deleted); else the events read.</summary>
    public long JournalledEvents => _summary is { } summary ? summary.Events + 1 : Events;

    /// <summary>The journal holds more events than were read: the one after <see cref="LastSequence"/> cannot be decoded.</summary>
    public void Unreadable(string reason) =>
        Anomaly(Events == 0 ? $"the first event cannot be decoded ({reason}); nothing of this session was read"
            : $"the event after {LastSequence} cannot be decoded ({reason}); the events after it were not read");

    /// <summary>Event <paramref name="sequence"/> failed its integrity check: it and the events after it were not read.</summary>
    public void IntegrityFailed(long sequence) =>
        Anomaly($"event {sequence} fails its integrity check; it and the events after it were not read");

    private void ApplyAccepted(long sequence, IClientMessage message)
    {
        var kind = message.GetType().Name;
        if (message.Session.ToString() != Session)
        {
            Anomaly($"event {sequence}: a {kind} of session {message.Session}, not of this session");
            return;
        }

        var phase = (ServerPhase)(int)message.Round;
        if (LastClosed is { } closed && phase <= closed)
            Anomaly($"event {sequence}: {kind} from client {message.Sender} accepted after {closed} closed");
        else if (_openPhase is { } open && open != phase)
            Anomaly($"event {sequence}: {kind} from client {message.Sender} accepted while {open} was open");
        _openPhase = phase;
        if (!_accepted[(int)phase].Add(message.Sender))
            Anomaly($"event {sequence}: a second {kind} from client {message.Sender}");
        LastEventIsClose = false;

        switch (message)
        {
            case AdvertiseKeys keys when keys.Signature is null:
                _unsignedKeys++;
                break;
            case AdvertiseKeys:
                _signedKeys++;
                break;
            case MaskedInput input when VectorLength is { } m && m != input.Vector.Length:
                Anomaly($"event {sequence}: client {input.Sender}'s masked input has {input.Vector.Length} words, others {m}");
                break;
            case MaskedInput input:
                VectorLength = input.Vector.Length;
                break;
        }
    }

    private void ApplyClosed(long sequence, ServerPhase phase, DateTime? at)
    {
        // The serializer accepts every ServerPhase; Completed and Aborted are not rounds that close.
        if (phase > ServerPhase.Unmasking)
        {
            Anomaly($"event {sequence}: a round close naming {phase}, not AdvertiseKeys … Unmasking");
            return;
        }
        if (_closed[(int)phase])
            Anomaly($"event {sequence}: {phase} closed a second time");
        else if (LastClosed is { } closed && phase < closed)
            Anomaly($"event {sequence}: {phase} closed after {closed}");
        if (_openPhase is { } open && open != phase)
            Anomaly($"event {sequence}: {phase} closed while messages of {open} were open");
        _closed[(int)phase] = true;
        _closedAt[(int)phase] = at;
        LastClosed = phase;
        _openPhase = null;
        LastEventIsClose = true;
    }

    // The summary states the sets as the server fixed them, whatever of the events before it is left.
    private void ApplySummary(SessionConcluded summary)
    {
        _summary = summary;
        foreach (var set in _accepted)
            set.Clear();
        Array.Clear(_closed);
        Array.Clear(_closedAt);
        LastClosed = null;
        foreach (var phase in summary.Phases)
        {
            _accepted[(int)phase.Phase].UnionWith(phase.Accepted);
            _closed[(int)phase.Phase] = true;
            _closedAt[(int)phase.Phase] = Timestamp(phase.ClosedAt);
            LastClosed = phase.Phase;
        }
        _openPhase = null;
        LastEventIsClose = true;
        if (summary.VectorLength > 0)
            VectorLength = summary.VectorLength;
        if (Timestamp(summary.StartedAt) is { } started && (Started is null || started < Started))
            Started = started;
    }

    /// <summary>Semi-honest when AdvertiseKeys was unsigned, active when signed (the server checks signatures only in active mode).</summary>
    public SessionMode Mode
    {
        get
        {
            if (_summary is { } summary)
                return summary.Mode == SecurityMode.Active ? SessionMode.Active : SessionMode.SemiHonest;
            if (_signedKeys > 0 || _accepted[(int)ServerPhase.ConsistencyCheck].Count > 0 || IsClosed(ServerPhase.ConsistencyCheck))
                return SessionMode.Active;
            if (_unsignedKeys > 0)
                return SessionMode.SemiHonest;
            // No AdvertiseKeys left (deleted events): unmasking straight after the mask round means no ConsistencyCheck.
            return HasUnmaskingEvents && IsClosed(ServerPhase.MaskedInputCollection) ? SessionMode.SemiHonest : SessionMode.Unknown;
        }
    }

    public string ModeEvidence => Mode switch
    {
        // The events' own evidence while they are there; the summary's once they are deleted.
        _ when _summary is not null && _signedKeys + _unsignedKeys == 0 => "the session's summary",
        SessionMode.Active when _signedKeys > 0 => "AdvertiseKeys signed",
        SessionMode.Active => "ConsistencyCheck events",
        SessionMode.SemiHonest when _unsignedKeys > 0 => "AdvertiseKeys unsigned",
        SessionMode.SemiHonest => "Unmasking right after MaskedInputCollection",
        _ => "no AdvertiseKeys in the journal",
    };

    /// <summary>The phases a session of this mode runs: semi-honest has no ConsistencyCheck.</summary>
    public IReadOnlyList<ServerPhase> PhasesOfMode => Mode == SessionMode.SemiHonest ? [.. Phases.Where(p => p != ServerPhase.ConsistencyCheck)] : Phases;

    public int ClosedPhases => Phases.Count(IsClosed);

    public bool IsClosed(ServerPhase phase) => _closed[(int)phase];

    public DateTime? ClosedAt(ServerPhase phase) => _closedAt[(int)phase];

    /// <summary>Time from the previous close (or the first event) to this phase's close.</summary>
    public TimeSpan? PhaseDuration(ServerPhase phase)
    {
        if (ClosedAt(phase) is not { } end)
            return null;
        var start = Started;
        foreach (var earlier in Phases.Where(p => p < phase))
            start = ClosedAt(earlier) ?? start;
        return start is { } s ? end - s : null;
    }

    /// <summary>The clients whose message of this phase was accepted (so far, while the phase is open).</summary>
    public IReadOnlyCollection<int> Accepted(ServerPhase phase) => _accepted[(int)phase];

    /// <summary>
    /// U_i, fixed when the phase closed; for ConsistencyCheck in semi-honest mode U4 = U3 once unmasking began. Null when
    /// the journal has not fixed it.
    /// </summary>
    public IReadOnlyCollection<int>? Survivors(ServerPhase phase)
    {
        if (phase == ServerPhase.ConsistencyCheck && Mode == SessionMode.SemiHonest)
            return HasUnmaskingEvents ? Survivors(ServerPhase.MaskedInputCollection) : null;
        return IsClosed(phase) ? _accepted[(int)phase] : null;
    }

    /// <summary>
    /// Clients in U_{i−1} but not in U_i. For AdvertiseKeys, where n is not in the journal, only the ids below the highest
    /// advertised one that are missing (client ids run 1..n): a lower bound. Null when either set is not fixed.
    /// </summary>
    public IReadOnlyList<int>? Dropped(ServerPhase phase)
    {
        if (Survivors(phase) is not { } current)
            return null;
        if (phase == ServerPhase.AdvertiseKeys)
            return current.Count == 0 ? [] : [.. Enumerable.Range(1, current.Max()).Where(id => !current.Contains(id))];
        return Survivors(phase - 1) is { } previous ? [.. previous.Where(id => !current.Contains(id))] : null;
    }

    /// <summary>For the open phase: clients of U_{i−1} whose message has not been accepted (yet).</summary>
    public IReadOnlyList<int>? NotYetAnswered(ServerPhase phase)
    {
        if (phase == ServerPhase.AdvertiseKeys || IsClosed(phase) || Survivors(phase - 1) is not { } previous)
            return null;
        var accepted = _accepted[(int)phase];
        return [.. previous.Where(id => !accepted.Contains(id))];
    }

    public SessionOutcome Outcome
    {
        get
        {
            if (IsClosed(ServerPhase.Unmasking))
            {
                var asked = Survivors(ServerPhase.ConsistencyCheck);
                return asked is not null && asked.All(Accepted(ServerPhase.Unmasking).Contains) ? SessionOutcome.Completed : SessionOutcome.UnmaskingClosedShort;
            }
            if (!LastEventIsClose && _openPhase is not null)
                return SessionOutcome.InProgress;
            return LastClosed is null ? SessionOutcome.NoEvents : SessionOutcome.EndedAfter;
        }
    }

    /// <summary>The outcome in a few words, as in the CSV: completed, ended after PHASE, in progress in PHASE, ….</summary>
    public string OutcomeLabel => Outcome switch
    {
        SessionOutcome.Completed => "completed",
        SessionOutcome.UnmaskingClosedShort => "closed Unmasking short",
        SessionOutcome.EndedAfter => $"ended after {LastClosed}",
        SessionOutcome.InProgress => $"in progress in {_openPhase}",
        _ => "no SecAgg events",
    };

    private bool HasUnmaskingEvents => _accepted[(int)ServerPhase.Unmasking].Count > 0 || IsClosed(ServerPhase.Unmasking);

    private void Anomaly(string text)
    {
        if (_anomalies.Count < MaxAnomalies)
            _anomalies.Add(text);
        else
            _suppressedAnomalies++;
    }

    private static DateTime? Timestamp(long ticks) =>
        ticks > 0 && ticks <= DateTime.MaxValue.Ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;
}
