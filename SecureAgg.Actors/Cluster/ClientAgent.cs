using System.Security.Cryptography;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using SecureAgg.Actors.Transport;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// One client on a client node: registers with the server node's coordinator (found through distributed pub-sub, so
/// no server address is configured beyond the seed node), and per assigned session runs a local
/// <see cref="ClientActor"/> around the pure <see cref="ClientSession"/>. The agent is the client's network endpoint:
/// the server's session actor knows the agent, the agent relays between it and the local client actor. When the
/// server restarts, the agent follows the session to the recovered server actor. An answer delay simulates slow
/// devices (and gives tests a window in which a round is certainly in progress).
/// Control messages count only when signed by the pinned server key for this client, the server's current run
/// (learnt from a challenge that echoed this agent's fresh nonce) and, for session messages, their session; anything
/// else is ignored with one log line and the agent carries on. Within a run, sessions only move forward (a replayed
/// older assignment is refused). The client takes part only in sessions its <see cref="ClientSessionPolicy"/>
/// allows. Protocol requests count only from the session actor of its assignment (or its restarted incarnation at
/// the same path); Akka remoting does not authenticate senders, so that check needs a trusted network or TLS.
/// </summary>
public sealed class ClientAgent : ReceiveActor, IWithTimers
{
    private const string RegisterTimer = "register";
    private const int NonceSize = 16;
    private static readonly TimeSpan RegisterInterval = TimeSpan.FromSeconds(1);

    private readonly string _name;
    private readonly ClientAgentSettings _settings;
    private readonly IClientSessionTask _task;
    private readonly ClientIdentity? _identity;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _mediator;
    private bool _registered;
    private byte[] _nonce = RandomNumberGenerator.GetBytes(NonceSize);
    // The server run this agent registered with, and the challenge it answered for it.
    private byte[]? _incarnation;
    private byte[]? _answered;
    // The latest session of this run it took part in, so that one and older ones cannot be played back.
    private int _lastIndex;
    private SessionAssignment? _assignment;
    private IActorRef _server = ActorRefs.Nobody;
    private IActorRef _client = ActorRefs.Nobody;

    public ClientAgent(string name, ClientAgentSettings settings, IClientSessionTask task, ClientIdentity? identity)
    {
        _name = name;
        _settings = settings;
        _task = task;
        _identity = identity;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Receive<RegisterTick>(_ => Register());
        Receive<ClusterEvent.MemberUp>(up =>
        {
            // A (new incarnation of the) server node, or any node claiming the role: register again, with a fresh
            // nonce once a challenge was answered; only the pinned server can answer it, and it ignores repeats.
            if (up.Member.HasRole(ClusterAkkaConfig.ServerRole))
            {
                _registered = false;
                if (_answered is not null)
                {
                    _nonce = RandomNumberGenerator.GetBytes(NonceSize);
                    _answered = null;
                }
                Register();
            }
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<SignedControl>(OnSignedControl);
        // The same messages unsigned are what a node without the server's key can send: never acted on.
        Receive<RegistrationChallenge>(_ => Ignore("an unsigned challenge", "it is not signed"));
        Receive<ClientRegistered>(_ => Ignore("an unsigned registration notice", "it is not signed"));
        Receive<SessionAssignment>(_ => Ignore("an unsigned assignment", "it is not signed"));
        Receive<SessionEnded>(_ => Ignore("an unsigned session end", "it is not signed"));
        Receive<ServerFinished>(_ => Ignore("an unsigned server-finished notice", "it is not signed"));
        Receive<InputReady>(OnInputReady);
        Receive<IServerMessage>(message => FromServer(message.Session, message));
        Receive<ServerRecovered>(recovered => FromServer(recovered.Session, recovered));
        Receive<IClientMessage>(OnClientReply);
        Receive<DelayedReply>(delayed =>
        {
            if (_assignment is not null && delayed.Reply.Session == _assignment.Session)
                SendToServer(delayed.Reply);
        });
        Receive<ClientRefusedNotice>(refused => _log.Warning("{0} stopped taking part in session {1}: {2}", _name, refused.Session, refused.Reason.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, ClientAgentSettings settings, IClientSessionTask task, ClientIdentity? identity = null) =>
        Akka.Actor.Props.Create(() => new ClientAgent(name, settings, task, identity));

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));
        Timers.StartPeriodicTimer(RegisterTimer, RegisterTick.Instance, TimeSpan.Zero, RegisterInterval);
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private sealed class RegisterTick
    {
        public static readonly RegisterTick Instance = new();
    }

    private sealed record DelayedReply(IClientMessage Reply);

    /// <summary>The input of a session, computed off the actor's thread (local training can take seconds).</summary>
    private sealed record InputReady(SessionAssignment Assignment, ulong[]? Input, string? Error);

    private void Register()
    {
        if (!_registered)
            _mediator.Tell(new Send(ClusterServerSettings.CoordinatorPath, new RegistrationRequest(_name, _nonce), localAffinity: false));
    }

    private void Ignore(string what, string reason) => _log.Warning("{0} ignored {1} from {2}: {3}", _name, what, Sender.Path, reason);

    private void OnSignedControl(SignedControl signed)
    {
        if (_settings.Server.Problem(signed, _name) is { } problem)
        {
            Ignore($"a signed {signed.Manifest}", problem);
            return;
        }
        IClusterSessionMessage message;
        try
        {
            message = ClusterWireCodec.Decode(signed.Manifest, signed.Body, (ExtendedActorSystem)Context.System) as IClusterSessionMessage
                      ?? throw new WireFormatException($"'{signed.Manifest}' is not a session message.");
        }
        catch (WireFormatException malformed)
        {
            // Signed by the server, yet refused: e.g. session parameters no honest server would pick.
            Ignore($"a signed {signed.Manifest}", malformed.Message);
            return;
        }
        if (ServerSigner.SessionOf(message) != signed.Session)
        {
            Ignore($"a signed {message.GetType().Name}", "it is signed for another session");
            return;
        }
        if (message is RegistrationChallenge challenge)
        {
            OnChallenge(signed, challenge);
            return;
        }
        if (_incarnation is null || !signed.Incarnation.AsSpan().SequenceEqual(_incarnation))
        {
            Ignore($"a signed {message.GetType().Name}", "it is from another run of the server (replayed?)");
            return;
        }
        switch (message)
        {
            case ClientRegistered:
                // Only as the answer to this agent's own proof.
                if (_answered is not null && !_registered)
                    _log.Info("{0} registered with the server", _name);
                _registered |= _answered is not null;
                break;
            case SessionAssignment assignment:
                OnAssignment(assignment);
                break;
            case SessionEnded ended:
                OnSessionEnded(ended);
                break;
            case ServerFinished finished:
                Context.Parent.Forward(finished);
                break;
        }
    }

    /// <summary>
    /// The server's challenge to this agent's current registration: it proves the server holds the pinned key and
    /// names its current run, which the agent now follows; the agent answers with its own proof.
    /// </summary>
    private void OnChallenge(SignedControl signed, RegistrationChallenge challenge)
    {
        if (challenge.Name != _name || !challenge.Nonce.AsSpan().SequenceEqual(_nonce))
        {
            Ignore("a signed challenge", "it answers no registration of this agent's (replayed or stale)");
            return;
        }
        if (_answered is not null && _answered.AsSpan().SequenceEqual(challenge.Challenge))
            return;
        if (_incarnation is null || !_incarnation.AsSpan().SequenceEqual(signed.Incarnation))
        {
            _incarnation = signed.Incarnation;
            _lastIndex = 0;
            Context.Parent.Tell(new ServerAuthenticated(NodeOf(Sender)));
        }
        var node = NodeOf(Self).ToString();
        var signature = _identity?.SigningKey.Sign(_settings.Server.RegistrationPayload(signed, challenge, node)) ?? [];
        _answered = challenge.Challenge;
        Sender.Tell(new RegistrationProof(_name, challenge.Challenge, signature));
    }

    /// <summary>The address of the node an actor runs on, as that node names itself.</summary>
    private Address NodeOf(IActorRef actor) =>
        actor.Path.Address.HasLocalScope ? ((ExtendedActorSystem)Context.System).Provider.DefaultAddress : actor.Path.Address;

    private void OnAssignment(SessionAssignment assignment)
    {
        _registered = true;
        if (_assignment is { } current && current.Session == assignment.Session)
        {
            // The same session again: it registered again (the server restarted); follow it to its session actor.
            if (!_server.Path.Equals(assignment.Server.Path))
                _log.Info("{0}: session #{1} resumed by a restarted server", _name, assignment.Index);
            _server = assignment.Server;
            return;
        }
        if (assignment.Index <= _lastIndex)
        {
            Ignore($"the assignment of session #{assignment.Index}", $"it took part in session #{_lastIndex} of this run already (replayed?)");
            return;
        }
        if (assignment.Parameters.Mode == SecurityMode.Active && _identity?.Trusted is null)
        {
            Context.Parent.Tell(new ClientNodeGuardian.ClientFailed(_name, "the server runs active-mode sessions and this node has no identity keys (--trusted-keys, --identity-dir)"));
            return;
        }
        if (_settings.Policy.Refusal(assignment.Parameters, assignment.ClientId, assignment.MemberNames, _name, _identity?.Trusted) is { } refusal)
        {
            // It stays silent: for the server it is a dropout. Nothing else changes; the next session may suit it.
            _log.Warning("{0} refuses session #{1} ({2}): {3}", _name, assignment.Index, assignment.Session, refusal);
            return;
        }
        _lastIndex = assignment.Index;
        StopClient();
        _assignment = assignment;
        _server = assignment.Server;
        _task.InputAsync(assignment).ContinueWith(done => done.IsCompletedSuccessfully
                ? new InputReady(assignment, done.Result, null)
                : new InputReady(assignment, null, done.Exception?.GetBaseException().Message ?? "cancelled"), TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void OnInputReady(InputReady ready)
    {
        var assignment = ready.Assignment;
        if (_assignment is null || _assignment.Session != assignment.Session || !_client.IsNobody())
            return;
        if (ready.Input is not { } input)
        {
            // The client cannot compute inputs at all (no data, data that does not match the server's): the node
            // stops with the reason rather than drop out of every session in silence.
            _log.Error("{0} cannot compute its input for session #{1}: {2}", _name, assignment.Index, ready.Error);
            Context.Parent.Tell(new ClientNodeGuardian.ClientFailed(_name, ready.Error ?? "unknown error"));
            return;
        }
        ClientSession session;
        try
        {
            var graph = NeighbourGraph.For(assignment.Parameters, assignment.GraphSeed);
            var (signingKey, directory) = ActiveModeKeys(assignment);
            session = new ClientSession(assignment.Parameters, assignment.Session, assignment.ClientId, graph, input, signingKey, directory);
        }
        catch (ArgumentException invalid)
        {
            // It stays silent: for the server it is a dropout.
            _log.Error("{0} refuses session {1}: {2}", _name, assignment.Session, invalid.Message);
            return;
        }
        _client = Context.ActorOf(ClientActor.Props(session, Self), $"session-{assignment.Index}-{assignment.Session}");
        // The local client actor talks to this agent as its server; the agent relays over the network.
        _client.Tell(new ConnectToServer(Self));
        _log.Info("{0} is client {1} of session #{2} (n = {3})", _name, assignment.ClientId, assignment.Index, assignment.Parameters.ClientCount);
    }

    private void FromServer(Crypto.SessionId session, object message)
    {
        if (_assignment is null || session != _assignment.Session)
        {
            _log.Info("{0} ignored {1} for session {2}, which it is not part of", _name, message.GetType().Name, session);
            return;
        }
        // The assigned session actor, or its incarnation restarted from the journal (same path, new uid).
        if (Sender.Path.ToStringWithAddress() != _assignment.Server.Path.ToStringWithAddress())
        {
            _log.Warning("{0} ignored {1} from {2}, which is not its session's server", _name, message.GetType().Name, Sender.Path);
            return;
        }
        _server = Sender;
        // Before its input is ready the client has answered nothing, so nothing can be asked of it yet.
        if (!_client.IsNobody())
            _client.Tell(message, Self);
    }

    private void OnClientReply(IClientMessage reply)
    {
        if (!Sender.Equals(_client))
            return;
        if (_settings.AnswerDelay > TimeSpan.Zero)
            Timers.StartSingleTimer($"reply-{reply.Round}", new DelayedReply(reply), _settings.AnswerDelay);
        else
            SendToServer(reply);
    }

    /// <summary>A masked input larger than a part goes in parts, so no frame has to hold a whole vector.</summary>
    private void SendToServer(IClientMessage reply)
    {
        foreach (var part in MessageChunks.Split(reply))
            _server.Tell(part, Self);
    }

    private void OnSessionEnded(SessionEnded ended)
    {
        if (_assignment is null || ended.Session != _assignment.Session)
            return;
        _log.Info("{0}: session #{1} {2}", _name, _assignment.Index, ended.Outcome);
        StopClient();
        _assignment = null;
        _server = ActorRefs.Nobody;
    }

    /// <summary>In active mode: this client's signing key and the session's directory from its own trusted key file (the policy checked the list).</summary>
    private (Crypto.SigningKeyPair?, IdentityDirectory?) ActiveModeKeys(SessionAssignment assignment)
    {
        if (assignment.Parameters.Mode != SecurityMode.Active)
            return (null, null);
        if (_identity?.Trusted is not { } trusted)
            throw new ArgumentException("an active-mode session needs this node's identity keys (--trusted-keys and --identity-dir)");
        return (_identity.SigningKey, trusted.DirectoryFor(assignment.MemberNames, out _));
    }

    private void StopClient()
    {
        if (!_client.IsNobody())
            Context.Stop(_client);
        _client = ActorRefs.Nobody;
    }
}
