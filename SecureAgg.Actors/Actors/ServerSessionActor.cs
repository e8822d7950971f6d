using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Actors.Transport;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Actors;

/// <summary>
/// Everything a server session needs that is not a message: public parameters, graph, deadline, PKI, and the key its
/// journal is sealed with (by default one of this settings object only: an actor restarted with the same settings
/// recovers, one started from other settings without the same key is refused).
/// </summary>
public sealed record ServerSessionSettings(ProtocolParameters Parameters, SessionId Session, byte[] GraphSeed, TimeSpan RoundTimeout,
    IdentityDirectory? Directory = null, long SnapshotAfterBytes = ServerSessionSettings.DefaultSnapshotAfterBytes, ServerPhase? CrashAfter = null)
{
    /// <summary>Snapshot once this many bytes of masked inputs were journalled since the last snapshot.</summary>
    public const long DefaultSnapshotAfterBytes = 8 << 20;

    public JournalIntegrity Integrity { get; init; } = JournalIntegrity.Ephemeral();

    public string PersistenceId => PersistenceIdOf(Session);

    public static string PersistenceIdOf(SessionId session) => $"secagg-session-{session}";
}

/// <summary>
/// One aggregation's server, a thin shell around the pure <see cref="ServerSession"/>: it validates each client message,
/// journals it, then applies it; it journals each round's close before acting on it, so a restarted actor replays the
/// journal into the same state and the same survivor sets (never a second, different U3). Each round ends when every
/// expected client answered or at the round timeout; late messages are logged and ignored. Its events and snapshots are
/// sealed: a journal that fails its integrity check ends the session without an output (<see cref="RecoveryRefused"/>).
/// Its last event is a <see cref="SessionConcluded"/> summary, journalled before the outcome is reported, so the events
/// before it can be deleted once the result is recorded (<see cref="SessionJournalPruner"/>).
/// </summary>
public sealed class ServerSessionActor : SealedPersistentActor, IWithTimers
{
    private const string DeadlineTimer = "round-deadline";

    private readonly ServerSessionSettings _settings;
    private readonly IReadOnlyDictionary<int, IActorRef> _clients;
    private readonly IActorRef _reportTo;
    private readonly NeighbourGraph _graph;
    private ServerSession _session;
    private long _maskedBytesSinceSnapshot;
    private long _bytesReceivedThisRound;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _roundClock = new();
    private IReadOnlyList<IServerMessage> _lastOutgoing = [];
    private ServerStep? _finalStep;
    private bool _recovered;
    private bool _concluded;
    // Wall-clock times of this incarnation, for the summary (a replay does not hand over the journal's timestamps).
    private long _startedAt;
    private readonly Dictionary<ServerPhase, long> _closedAt = [];
    private readonly ChunkAssembly _chunks;

    public ServerSessionActor(ServerSessionSettings settings, IReadOnlyDictionary<int, IActorRef> clients, IActorRef reportTo)
        : base(settings.Integrity)
    {
        _settings = settings;
        _clients = clients;
        _reportTo = reportTo;
        _graph = NeighbourGraph.For(settings.Parameters, settings.GraphSeed);
        _session = new ServerSession(settings.Parameters, settings.Session, _graph, settings.Directory);
        _chunks = ChunkAssembly.For(settings.Parameters);

        RecoverSealedSnapshot<SessionSnapshot>(snapshot =>
        {
            _session = ServerSession.Restore(settings.Parameters, settings.Session, _graph, settings.Directory, snapshot.State);
            _lastOutgoing = snapshot.LastOutgoing;
            _recovered = true;
        });
        RecoverSealed<ISessionJournalEvent>(ApplyReplayed);
        Recover<RecoveryCompleted>(_ => OnRecoveryCompleted());

        Command<IClientMessage>(OnClientMessage);
        Command<MessageChunk>(OnChunk);
        Command<RoundDeadline>(OnDeadline);
        Command<SaveSnapshotSuccess>(saved => _log.Info("Snapshot of session {0} saved at event {1}", settings.Session, saved.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => _log.Warning("Snapshot of session {0} failed: {1}", settings.Session, failed.Cause.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => _settings.PersistenceId;

    public static Props Props(ServerSessionSettings settings, IReadOnlyDictionary<int, IActorRef> clients, IActorRef reportTo) =>
        Akka.Actor.Props.Create(() => new ServerSessionActor(settings, clients, reportTo));

    // Replay must rebuild exactly the state that was acted on; any divergence fails the recovery (the session then
    // ends without revealing anything) rather than risk a second, different survivor set.
    private void ApplyReplayed(ISessionJournalEvent journalled)
    {
        _recovered = true;
        switch (journalled)
        {
            case ClientMessageAccepted accepted:
                if (_session.Replay(accepted.Message).Rejection is { } error)
                    throw new InvalidOperationException($"Journal replay of session {_settings.Session} rejected a message it had accepted: {error.Message}");
                break;
            case RoundClosed closed:
                if (_session.Phase != closed.Phase)
                    throw new InvalidOperationException($"Journal replay of session {_settings.Session} closes {closed.Phase} but the session is in {_session.Phase}.");
                Remember(_session.CloseRound());
                break;
            case SessionConcluded:
                if (_finalStep is null)
                    throw new InvalidOperationException($"Session {_settings.Session} concluded and its events were deleted once its result was recorded: there is nothing to run again.");
                _concluded = true;
                break;
        }
    }

    protected override void OnRecoveryRefused(string reason) =>
        _reportTo.Tell(new AggregationAborted(_settings.Session, new RecoveryRefused(reason), [], _recovered));

    // The session ends without an output; the journal keeps what was written, nothing was revealed.
    protected override void OnJournalUnavailable(string reason) =>
        _reportTo.Tell(new AggregationAborted(_settings.Session, new JournalUnavailable(reason), _session.Survivors, _recovered));

    private void OnRecoveryCompleted()
    {
        if (_finalStep is not null)
        {
            _log.Info("Session {0} recovered from its journal in its final state ({1})", _settings.Session, _session.Phase);
            if (_concluded)
                Report(_finalStep);
            else
                Conclude(_finalStep);
            return;
        }
        if (_recovered)
        {
            _log.Info("Session {0} recovered from its journal in phase {1}; re-sending that phase's requests", _settings.Session, _session.Phase);
            // Re-sent requests make clients repeat their cached answers; before any request exists (AdvertiseKeys)
            // the recovery notice does.
            foreach (var message in _lastOutgoing)
                Send(message);
            if (_lastOutgoing.Count == 0)
            {
                foreach (var client in _clients.Values)
                    client.Tell(new ServerRecovered(_settings.Session, _session.Phase), Self);
            }
            // Everyone had answered before the crash, only the close was not journalled: close now, not at the deadline.
            if (_session.AllExpectedArrived)
            {
                CloseRound(byDeadline: false);
                return;
            }
        }
        StartDeadline();
    }

    private void OnClientMessage(IClientMessage message)
    {
        // A message must come from the actor of the client it names; in-process or across the cluster, nobody else
        // may speak for it.
        if (!_clients.TryGetValue(message.Sender, out var route) || !route.Equals(Sender))
        {
            var forged = new MalformedMessage(message.Round, message.Sender, $"sent by {Sender.Path}, not by client {message.Sender}'s actor");
            _log.Warning("Rejected {0}: {1}", message.GetType().Name, forged.Message);
            _reportTo.Tell(new MessageIgnoredNotice(_settings.Session, message.Sender, forged));
            return;
        }
        if (_session.Validate(message) is { } error)
        {
            // Late and repeated answers are routine (deadlines, re-sent requests after recovery); anything else is not.
            if (error is WrongRound or DuplicateMessage)
                _log.Info("Ignored {0} from client {1}: {2}", message.GetType().Name, message.Sender, error.Message);
            else
                _log.Warning("Rejected {0} from client {1}: {2}", message.GetType().Name, message.Sender, error.Message);
            _reportTo.Tell(new MessageIgnoredNotice(_settings.Session, message.Sender, error));
            return;
        }
        PersistSealed(new ClientMessageAccepted(message), accepted =>
        {
            if (_startedAt == 0 && !_recovered)
                _startedAt = DateTime.UtcNow.Ticks;
            _session.Handle(accepted.Message);
            Context.System.EventStream.Publish(new MessageAcceptedNotice(_settings.Session, _session.Phase, accepted.Message.Sender));
            _bytesReceivedThisRound += PayloadSize.Of(accepted.Message, _settings.Parameters.Bits);
            if (accepted.Message is MaskedInput input)
                _maskedBytesSinceSnapshot += (long)input.Vector.Length * _settings.Parameters.Bits / 8;
            if (_session.AllExpectedArrived)
                CloseRound(byDeadline: false);
        });
    }

    private void OnChunk(MessageChunk chunk)
    {
        // The same rule as for whole messages: only the client's own actor may send its parts.
        if (chunk.Session != _settings.Session || !_clients.TryGetValue(chunk.Sender, out var route) || !route.Equals(Sender))
        {
            var forged = new MalformedMessage(ProtocolRound.MaskedInputCollection, chunk.Sender, $"a message part sent by {Sender.Path}, not by client {chunk.Sender}'s actor");
            _log.Warning("Rejected a message part: {0}", forged.Message);
            _reportTo.Tell(new MessageIgnoredNotice(_settings.Session, chunk.Sender, forged));
            return;
        }
        IClientMessage? message;
        try
        {
            message = _chunks.Add(chunk);
        }
        catch (WireFormatException malformed)
        {
            var error = new MalformedMessage(ProtocolRound.MaskedInputCollection, chunk.Sender, malformed.Message);
            _log.Warning("Rejected a message part from client {0}: {1}", chunk.Sender, malformed.Message);
            _reportTo.Tell(new MessageIgnoredNotice(_settings.Session, chunk.Sender, error));
            return;
        }
        if (message is not null)
            OnClientMessage(message);
    }

    private void OnDeadline(RoundDeadline deadline)
    {
        if (deadline.Phase != _session.Phase)
            return;
        _log.Info("Round {0} of session {1} reached its {2} deadline", deadline.Phase, _settings.Session, _settings.RoundTimeout);
        CloseRound(byDeadline: true);
    }

    private void CloseRound(bool byDeadline)
    {
        Timers.Cancel(DeadlineTimer);
        var phase = _session.Phase;
        var expected = _session.ExpectedCount;
        // A message still in parts when its round closes would be late anyway.
        _chunks.Clear();
        PersistSealed(new RoundClosed(phase), _ =>
        {
            var step = _session.CloseRound();
            _closedAt[phase] = DateTime.UtcNow.Ticks;
            Remember(step);
            if (_settings.CrashAfter == phase && !_recovered)
            {
                // Fault injection for simulations and tests: die after journalling the close, before anyone hears of it.
                throw new SimulatedServerCrash(phase);
            }
            var survivors = _session.Survivors.Count > 0 ? _session.Survivors[^1].Length : 0;
            var bytesSent = step.Messages.Sum(m => PayloadSize.Of(m, _settings.Parameters.Bits));
            _reportTo.Tell(new RoundClosedNotice(_settings.Session, phase, expected, survivors, _roundClock.Elapsed, byDeadline,
                _bytesReceivedThisRound, bytesSent));
            _bytesReceivedThisRound = 0;
            if (_finalStep is not null)
            {
                Conclude(_finalStep);
                return;
            }
            foreach (var message in step.Messages)
                Send(message);
            if (_maskedBytesSinceSnapshot >= _settings.SnapshotAfterBytes)
            {
                // The masked inputs are now one running sum: a snapshot replaces |U3|·m journalled words with m.
                SaveSealedSnapshot(new SessionSnapshot(_session.Capture(), _lastOutgoing));
                _maskedBytesSinceSnapshot = 0;
            }
            StartDeadline();
        });
    }

    private void Remember(ServerStep step)
    {
        if (step.Abort is not null || step.Aggregate is not null)
            _finalStep = step;
        else
            _lastOutgoing = step.Messages;
    }

    /// <summary>Journals the session's summary, then reports the outcome: once reported, the summary is what remains.</summary>
    private void Conclude(ServerStep final) =>
        PersistSealed(Summary(final), _ =>
        {
            _concluded = true;
            Report(final);
        });

    private SessionConcluded Summary(ServerStep final)
    {
        // ServerSession lists U1..U5 by index; semi-honest mode repeats U3 as U4 without a ConsistencyCheck round.
        var active = _settings.Parameters.Mode == SecurityMode.Active;
        var phases = new List<ConcludedPhase>();
        for (var i = 0; i < _session.Survivors.Count; i++)
        {
            var phase = (ServerPhase)i;
            if (phase == ServerPhase.ConsistencyCheck && !active)
                continue;
            phases.Add(new ConcludedPhase(phase, [.. _session.Survivors[i].Order()], _closedAt.GetValueOrDefault(phase)));
        }
        return new SessionConcluded(_settings.Parameters.Mode, _settings.Parameters.VectorLength, LastSequenceNr, _startedAt, phases,
            final.Aggregate is null ? final.Abort?.Message ?? "aborted" : null);
    }

    private void Report(ServerStep final)
    {
        foreach (var share in _session.DiscardedShares)
            _log.Warning("Session {0}: client {1}'s share of client {2}'s {3} was wrong and left out", _settings.Session, share.Holder, share.Owner, share.Secret);
        if (final.Aggregate is { } aggregate)
            _reportTo.Tell(new AggregationCompleted(_settings.Session, aggregate, _session.Survivors, _recovered));
        else
            _reportTo.Tell(new AggregationAborted(_settings.Session, final.Abort!, _session.Survivors, _recovered));
    }

    private void Send(IServerMessage message)
    {
        if (_clients.TryGetValue(message.Recipient, out var client))
            client.Tell(message, Self);
        else
            _log.Warning("No route to client {0} for {1}", message.Recipient, message.GetType().Name);
    }

    private void StartDeadline()
    {
        _roundClock.Restart();
        Timers.StartSingleTimer(DeadlineTimer, new RoundDeadline(_session.Phase), _settings.RoundTimeout);
        Context.System.EventStream.Publish(new RoundOpenedNotice(_settings.Session, _session.Phase, _session.ExpectedCount, _settings.RoundTimeout));
    }
}

/// <summary>The injected crash of <see cref="ServerSessionSettings.CrashAfter"/>; the supervisor restarts the actor.</summary>
public sealed class SimulatedServerCrash(ServerPhase phase) : Exception($"Simulated server crash after closing {phase}.");
