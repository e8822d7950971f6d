using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// One client on a client node: registers with the server node's coordinator (found through distributed pub-sub, so
/// no server address is configured beyond the seed node), and per assigned session runs a local
/// <see cref="ClientActor"/> around the pure <see cref="ClientSession"/>. The agent is the client's network endpoint:
/// the server's session actor knows the agent, the agent relays between it and the local client actor. When the
/// server restarts, the agent follows the session to the recovered server actor. An answer delay simulates slow
/// devices (and gives tests a window in which a round is certainly in progress). It takes assignments only from the
/// coordinator of a server-role node, and protocol requests only from the session actor it was assigned (or its
/// restarted incarnation at the same path); Akka remoting does not authenticate nodes, so the cluster network itself
/// must be trusted (or run Akka.Remote over TLS).
/// </summary>
public sealed class ClientAgent : ReceiveActor, IWithTimers
{
    private const string RegisterTimer = "register";
    private static readonly TimeSpan RegisterInterval = TimeSpan.FromSeconds(1);

    private readonly string _name;
    private readonly TimeSpan _answerDelay;
    private readonly IClientSessionTask _task;
    private readonly ClientIdentity? _identity;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _mediator;
    private bool _registered;
    private SessionAssignment? _assignment;
    private IActorRef _server = ActorRefs.Nobody;
    private IActorRef _client = ActorRefs.Nobody;

    public ClientAgent(string name, TimeSpan answerDelay, IClientSessionTask task, ClientIdentity? identity)
    {
        _name = name;
        _answerDelay = answerDelay;
        _task = task;
        _identity = identity;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Receive<RegisterTick>(_ => Register());
        Receive<ClientRegistered>(_ =>
        {
            if (!_registered)
                _log.Info("{0} registered with the server", _name);
            _registered = true;
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            // A (new incarnation of the) server node: register again; the coordinator ignores repeats.
            if (up.Member.HasRole(ClusterAkkaConfig.ServerRole))
            {
                _registered = false;
                Register();
            }
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<SessionAssignment>(assignment =>
        {
            if (FromCoordinator("an assignment"))
                OnAssignment(assignment);
        });
        Receive<InputReady>(OnInputReady);
        Receive<IServerMessage>(message => FromServer(message.Session, message));
        Receive<ServerRecovered>(recovered => FromServer(recovered.Session, recovered));
        Receive<IClientMessage>(OnClientReply);
        Receive<DelayedReply>(delayed =>
        {
            if (_assignment is not null && delayed.Reply.Session == _assignment.Session)
                _server.Tell(delayed.Reply, Self);
        });
        Receive<SessionEnded>(ended =>
        {
            if (FromCoordinator("a session end"))
                OnSessionEnded(ended);
        });
        Receive<ServerFinished>(finished =>
        {
            if (FromCoordinator("a server-finished notice"))
                Context.Parent.Forward(finished);
        });
        Receive<ClientRefusedNotice>(refused => _log.Warning("{0} stopped taking part in session {1}: {2}", _name, refused.Session, refused.Reason.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, TimeSpan answerDelay, IClientSessionTask task, ClientIdentity? identity = null) =>
        Akka.Actor.Props.Create(() => new ClientAgent(name, answerDelay, task, identity));

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
            _mediator.Tell(new Send(ClusterServerSettings.CoordinatorPath, new RegisterClient(_name), localAffinity: false));
    }

    private void OnAssignment(SessionAssignment assignment)
    {
        _registered = true;
        if (_assignment is { } current && current.Session == assignment.Session)
        {
            // The same session again: the server restarted; follow it to its new session actor.
            _server = assignment.Server;
            _log.Info("{0}: session #{1} resumed by a restarted server", _name, assignment.Index);
            return;
        }
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
        if (assignment.Parameters.Mode == SecurityMode.Active && _identity is null)
        {
            Context.Parent.Tell(new ClientNodeGuardian.ClientFailed(_name, "the server runs active-mode sessions and this node has no identity keys (--trusted-keys, --identity-dir)"));
            return;
        }
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
        if (_answerDelay > TimeSpan.Zero)
            Timers.StartSingleTimer($"reply-{reply.Round}", new DelayedReply(reply), _answerDelay);
        else
            _server.Tell(reply, Self);
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

    /// <summary>
    /// In active mode: this client's signing key and the session's directory from its own trusted key file, after
    /// checking that the server's id-to-name list names this client at its id.
    /// </summary>
    private (Crypto.SigningKeyPair?, IdentityDirectory?) ActiveModeKeys(SessionAssignment assignment)
    {
        if (assignment.Parameters.Mode != SecurityMode.Active)
            return (null, null);
        if (_identity is null)
            throw new ArgumentException("an active-mode session needs this node's identity keys (--trusted-keys and --identity-dir)");
        var names = assignment.MemberNames;
        if (names.Count != assignment.Parameters.ClientCount || names[assignment.ClientId - 1] != _name)
            throw new ArgumentException($"the server's member list does not name {_name} as client {assignment.ClientId}");
        var directory = _identity.Trusted.DirectoryFor(names, out var unknown);
        if (unknown is not null)
            throw new ArgumentException($"{unknown} is not in this node's trusted key file");
        return (_identity.SigningKey, directory);
    }

    private bool FromCoordinator(string what)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var fromServerNode = cluster.State.Members.Any(m => m.Address.Equals(Sender.Path.Address) && m.HasRole(ClusterAkkaConfig.ServerRole));
        if (fromServerNode && Sender.Path.ToStringWithoutAddress() == ClusterServerSettings.CoordinatorPath)
            return true;
        _log.Warning("{0} ignored {1} from {2}: not the coordinator of a server node", _name, what, Sender.Path);
        return false;
    }

    private void StopClient()
    {
        if (!_client.IsNobody())
            Context.Stop(_client);
        _client = ActorRefs.Nobody;
    }
}
