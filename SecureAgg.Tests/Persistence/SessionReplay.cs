using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using SecureAgg.Actors;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// A real <see cref="ServerSessionActor"/> started under an old session's persistence id, so it recovers from the
/// old journal; test probes stand in for the clients (a replay needs none, a resumed round only sends them requests).
/// </summary>
public sealed record SessionReplay(IActorRef Server, IReadOnlyDictionary<int, TestProbe> Clients, TestProbe Reports)
{
    // How long to wait for an expected message at most: generous, since the whole suite shares two cores.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The actor system of a replay: the project's serializer and the copied SQLite journal, nothing else.</summary>
    public static Config Config(PreRenameJournalCopy journal) =>
        ConfigurationFactory.ParseString("akka.loglevel = INFO")
            .WithFallback(SecureAgg.Actors.Wire.SecAggActorConfig.Serialization())
            .WithFallback(journal.Target.ToConfig());

    public static SessionReplay Start(TestKitBase kit, ServerSessionSettings settings)
    {
        var clients = Enumerable.Range(1, settings.Parameters.ClientCount).ToDictionary(id => id, id => kit.CreateTestProbe($"client-{id}"));
        var reports = kit.CreateTestProbe("reports");
        var server = kit.Sys.ActorOf(ServerSessionActor.Props(settings, clients.ToDictionary(c => c.Key, c => c.Value.Ref), reports.Ref),
            $"server-{settings.Session}");
        return new SessionReplay(server, clients, reports);
    }

    public T Expect<T>(TimeSpan? within = null) where T : ISessionNotice => Reports.FishForMessage<T>(_ => true, within ?? Patience);
}
