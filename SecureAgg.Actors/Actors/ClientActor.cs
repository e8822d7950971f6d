using Akka.Actor;
using Akka.Event;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Actors;

/// <summary>
/// One client, a thin shell around the pure <see cref="ClientSession"/>. An injected dropout (<paramref name="stopsAt"/>)
/// makes it fall silent from that round on, so the server's real deadline path runs. It remembers its reply to each
/// round and sends it again when the server asks again (a server that restarted from its journal).
/// </summary>
public sealed class ClientActor : ReceiveActor
{
    private readonly ClientSession _session;
    private IActorRef _server = ActorRefs.Nobody;
    private readonly IActorRef _reportTo;
    private readonly ProtocolRound? _stopsAt;
    private readonly Dictionary<ProtocolRound, IClientMessage> _replies = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ClientActor(ClientSession session, IActorRef reportTo, ProtocolRound? stopsAt)
    {
        _session = session;
        _reportTo = reportTo;
        _stopsAt = stopsAt;

        Receive<ConnectToServer>(OnConnect);
        Receive<IServerMessage>(OnServerMessage);
        Receive<ServerRecovered>(OnServerRecovered);
    }

    public static Props Props(ClientSession session, IActorRef reportTo, ProtocolRound? stopsAt = null) =>
        Akka.Actor.Props.Create(() => new ClientActor(session, reportTo, stopsAt));

    private void OnConnect(ConnectToServer connect)
    {
        _server = connect.Server;
        if (!Answers(ProtocolRound.AdvertiseKeys))
        {
            _log.Info("Client {0}: injected dropout before AdvertiseKeys", _session.Id);
            FallSilent(ProtocolRound.AdvertiseKeys);
            return;
        }
        if (_session.Phase == ClientPhase.NotStarted)
            Reply(ProtocolRound.AdvertiseKeys, _session.Start());
    }

    private void OnServerMessage(IServerMessage message)
    {
        var round = ReplyRound.For(message.Round);
        if (!Answers(round))
        {
            _log.Debug("Client {0}: injected dropout at {1}, not answering", _session.Id, round);
            FallSilent(round);
            return;
        }
        var step = _session.Handle(message);
        if (step.Reply is { } reply)
        {
            Reply(round, reply);
            return;
        }
        if (step.Error is WrongRound && _replies.TryGetValue(round, out var earlier))
        {
            // The same request again: the server restarted and lost our answer. Answering again is idempotent.
            _server.Tell(earlier, Self);
            return;
        }
        if (step.Aborted)
        {
            _log.Warning("Client {0} stops: {1}", _session.Id, step.Error!.Message);
            _reportTo.Tell(new ClientRefusedNotice(_session.Session, _session.Id, step.Error!));
        }
        else
        {
            _log.Warning("Client {0} ignored {1}: {2}", _session.Id, message.GetType().Name, step.Error?.Message);
        }
    }

    private void OnServerRecovered(ServerRecovered recovered)
    {
        if (recovered.Session != _session.Session)
            return;
        if (_replies.TryGetValue((ProtocolRound)(int)recovered.Phase, out var reply))
            _server.Tell(reply, Self);
    }

    private void Reply(ProtocolRound round, IClientMessage reply)
    {
        _replies[round] = reply;
        _server.Tell(reply, Self);
    }

    private void FallSilent(ProtocolRound round) =>
        Context.System.EventStream.Publish(new DropoutInjectedNotice(_session.Session, _session.Id, round));

    private bool Answers(ProtocolRound round) => _stopsAt is not { } stop || round < stop;
}
