using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// Real client agents (under a real <see cref="ClientNodeGuardian"/>) and a real coordinator in one node, and a rogue
/// played by a test probe that sends the agents what a node without the server's key, or a server that breaks the
/// clients' policy, could send: unsigned, forged, misaddressed, mis-bound, replayed and policy-breaking control
/// messages. Each is ignored (or the session refused) with one log line, and the agents then complete the real
/// sessions with every client, and the node does not stop.
/// </summary>
public sealed class ClientAgentAttackSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "agent-attack-specs", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Victim = "node1/client-0001";
    private const string Other = "node1/client-0002";
    private const string Third = "node2/client-0001";
    private static readonly SpecIdentities Keys = SpecIdentities.For(Victim, Other, Third);
    private readonly string _server = $"specs-{Guid.NewGuid():N}";

    private static Config Config =>
        ConfigurationFactory.ParseString($$"""
                akka.loglevel = INFO
                {{CpuDispatcher.Id}} {
                  type = ForkJoinDispatcher
                  throughput = 1
                  dedicated-thread-pool { thread-count = 2 }
                }
                """)
            .WithFallback(ClusterAkkaConfig.For(ClusterAkkaConfig.ServerRole, "127.0.0.1", null, 0, null))
            .WithFallback(SecAggActorConfig.Serialization())
            .WithFallback(JournalTarget.Parse("memory").ToConfig());

    private static readonly ClientAgentSettings Agents = ClientAgentSettings.Of(Keys.Server.PublicKey, answerDelay: TimeSpan.FromMilliseconds(200));

    private static IReadOnlyDictionary<string, ClientIdentity> Identities =>
        Keys.Clients.ToDictionary(entry => entry.Key, entry => new ClientIdentity(entry.Value, Keys.Trusted));

    private static SessionAssignment Assignment(IActorRef server, int n, int index = 1, SecurityMode mode = SecurityMode.SemiHonest, string[]? names = null) =>
        new(SessionId.New(), index, ProtocolParameters.WithDefaults(n, 10, 16, mode), 1, new byte[32], 1, server, [], names ?? []);

    private void IgnoredOnce(string reason, Action attack) => EventFilter.Warning(contains: reason).ExpectOne(Patience, attack);

    [Fact]
    public async Task Forged_unsigned_misaddressed_replayed_and_policy_breaking_control_messages_are_ignored_and_the_real_sessions_complete()
    {
        var reports = CreateTestProbe();
        var settings = new ClusterServerSettings(3, TimeSpan.FromMinutes(5), 2, 10, 16, null, null, TimeSpan.FromSeconds(20), 1, 64 << 20,
            Name: _server, Trusted: Keys.Trusted, Identity: Keys.Server);
        var coordinator = Sys.ActorOf(ClusterSessionCoordinator.Props(settings, new SimulatedInputTask(10, 16), reports.Ref), ClusterServerSettings.CoordinatorName);
        reports.ExpectMsg<ServerRunStarted>(Patience);
        var node = Sys.ActorOf(ClientNodeGuardian.Props([Victim, Other], TimeSpan.FromMinutes(5), Agents, new SimulatedInputClient(), Identities), "clients");
        reports.FishForMessage<ClientJoined>(joined => joined.Registered == 2, Patience);
        var victim = await Sys.ActorSelection("/user/clients/client-1").ResolveOne(Patience);
        var rogue = CreateTestProbe();

        // What the real server signs in this run: its key and its incarnation, which any client learns from a challenge.
        var spy = CreateTestProbe();
        var (challenge, _) = Keys.Challenge(spy, coordinator, Victim, Patience);
        var genuine = new ServerSigner(Keys.Server, _server, challenge.Incarnation);
        var forger = ServerSigner.Start(SigningKeyPair.Generate(), _server);
        var earlierRun = ServerSigner.Start(Keys.Server, _server);
        var twoClients = Assignment(rogue.Ref, n: 2);
        var three = Assignment(rogue.Ref, n: 3);

        IgnoredOnce($"{Victim} ignored an unsigned assignment from {rogue.Ref.Path}: it is not signed", () => rogue.Send(victim, twoClients));
        IgnoredOnce("its signature does not verify with the pinned server key", () => rogue.Send(victim, forger.Seal(twoClients, Victim)));
        IgnoredOnce($"it is addressed to {Other}", () => rogue.Send(victim, genuine.Seal(three, Other)));
        IgnoredOnce("it is from another run of the server (replayed?)", () => rogue.Send(victim, earlierRun.Seal(three, Victim)));
        IgnoredOnce("it answers no registration of this agent's (replayed or stale)", () => rogue.Send(victim, challenge));
        var body = ClusterWireCodec.Encode(three);
        IgnoredOnce("it is signed for another session", () => rogue.Send(victim, SignedRaw(genuine, Victim, SessionId.New(), body)));
        // The real key, but sessions the client's policy refuses: n below 3, t at or below n/2, a roster it cannot verify.
        IgnoredOnce($"{Victim} refuses session #1 ({twoClients.Session}): n = 2 is below this client's minimum of 3",
            () => rogue.Send(victim, genuine.Seal(twoClients, Victim)));
        var lowThreshold = ClusterWireCodec.Encode(Assignment(rogue.Ref, n: 4));
        BitConverter.TryWriteBytes(lowThreshold.AsSpan(SessionId.Size + 8), 2);
        var lowSession = new SessionId(new Guid(lowThreshold.AsSpan(0, SessionId.Size)));
        IgnoredOnce("Threshold t = 2 must exceed half the neighbourhood (4)", () => rogue.Send(victim, SignedRaw(genuine, Victim, lowSession, lowThreshold)));
        IgnoredOnce("member stranger/client-0001 is not in this node's trusted key file",
            () => rogue.Send(victim, genuine.Seal(Assignment(rogue.Ref, 3, mode: SecurityMode.Active, names: [Victim, Other, "stranger/client-0001"]), Victim)));
        IgnoredOnce("ignored an unsigned server-finished notice", () => rogue.Send(victim, new ServerFinished("the server gave up")));
        IgnoredOnce("its signature does not verify with the pinned server key", () => rogue.Send(victim, forger.Seal(new ServerFinished("the server gave up"), Victim)));
        // A genuine ServerFinished of an earlier run, played back: the run it is bound to is over.
        IgnoredOnce("it is from another run of the server (replayed?)", () => rogue.Send(victim, earlierRun.Seal(new ServerFinished(null), Victim)));
        IgnoredOnce($"it is addressed to {Other}", () => rogue.Send(victim, genuine.Seal(new ServerFinished(null), Other)));

        // The third client: session #1 opens over all three and completes with every one of them.
        Sys.ActorOf(ClientNodeGuardian.Props([Third], TimeSpan.FromMinutes(5), Agents, new SimulatedInputClient(), Identities), "clients-2");
        var first = reports.FishForMessage<ClusterSessionResult>(_ => true, Patience);
        Assert.True(first.Completed, first.AbortReason?.Message);
        Assert.Equal(3, first.Survivors[2].Length);

        // Session #2 running: a forged end of it, and the genuine assignment of session #1 played back.
        var second = reports.FishForMessage<SessionOpenedNotice>(notice => notice.Opened.Index == 2, Patience).Opened;
        IgnoredOnce("its signature does not verify with the pinned server key",
            () => rogue.Send(victim, forger.Seal(new SessionEnded(second.Session, false, "aborted: forged"), Victim)));
        IgnoredOnce("ignored an unsigned session end", () => rogue.Send(victim, new SessionEnded(second.Session, false, "aborted: forged")));
        var replayed = genuine.Seal(Assignment(rogue.Ref, 3, index: 1), Victim);
        IgnoredOnce("it took part in session #2 of this run already (replayed?)", () => rogue.Send(victim, replayed));
        var result = reports.FishForMessage<ClusterSessionResult>(_ => true, Patience);
        Assert.True(result.Completed, result.AbortReason?.Message);
        Assert.Equal(2, result.Index);
        Assert.Equal(3, result.Survivors[2].Length);
        Assert.Equal(new ServerNodeStopped(null), reports.FishForMessage<ServerNodeStopped>(_ => true, Patience));

        // Nothing made the node give up: it waits for its server to leave the cluster.
        var host = CreateTestProbe();
        host.Send(node, AwaitClientNodeFinished.Instance);
        host.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    /// <summary>Signed with the real key over a header and body the test chose (what the server itself could send).</summary>
    private static SignedControl SignedRaw(ServerSigner genuine, string recipient, SessionId session, byte[] body)
    {
        var signature = Keys.Server.Sign(ControlSignatures.Control(genuine.Server, genuine.Incarnation, recipient, session, ClusterWireCodec.AssignmentManifest, body));
        return new SignedControl(genuine.Server, genuine.Incarnation, recipient, session, ClusterWireCodec.AssignmentManifest, body, signature);
    }
}
