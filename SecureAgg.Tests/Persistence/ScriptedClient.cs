using System.Collections.Concurrent;
using Akka.Actor;
using SecureAgg.Actors;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// A client of a <see cref="CrashedSessionJournal"/>. Live, it answers with its <see cref="ClientSession"/> and records
/// each round's reply (a reply of <paramref name="withhold"/> is recorded, not sent: the crash came first). Replaying,
/// it has no session and answers every request of a round with the reply it recorded for that round, as a
/// <see cref="ClientActor"/> answers a recovered server with its cached reply.
/// </summary>
public sealed class ScriptedClient : ReceiveActor
{
    public sealed record StartSession(IActorRef Server);

    public ScriptedClient(ClientSession? live, ConcurrentDictionary<ProtocolRound, IClientMessage> replies, ProtocolRound? withhold)
    {
        Receive<StartSession>(start =>
        {
            var keys = live!.Start();
            replies[ProtocolRound.AdvertiseKeys] = keys;
            start.Server.Tell(keys);
        });
        Receive<IServerMessage>(request =>
        {
            var round = ReplyRound.For(request.Round);
            if (live is not null && !replies.ContainsKey(round) && live.Handle(request).Reply is { } reply)
                replies[round] = reply;
            if (round != withhold && replies.TryGetValue(round, out var recorded))
                Sender.Tell(recorded);
        });
        // Before any request exists, a recovered server asks for the keys again.
        Receive<ServerRecovered>(recovered =>
        {
            if (recovered.Phase == ServerPhase.AdvertiseKeys && replies.TryGetValue(ProtocolRound.AdvertiseKeys, out var keys))
                Sender.Tell(keys);
        });
    }

    public static Props Props(ClientSession? live, ConcurrentDictionary<ProtocolRound, IClientMessage> replies, ProtocolRound? withhold = null) =>
        Akka.Actor.Props.Create(() => new ScriptedClient(live, replies, withhold));
}
