using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// Registration with a real coordinator, its agents played by probes that attack it: a proof without the enrolled
/// key, for another node, for a stale or someone else's challenge, a replayed one, a name nobody enrolled. Each is
/// refused with one log line, and the name's owner registers after it all the same.
/// </summary>
public sealed class CoordinatorRegistrationSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "registration-specs", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private static readonly SpecIdentities Keys = SpecIdentities.For("node1/client-0001", "node1/client-0002", "node1/client-0003");
    private const string Owner = "node1/client-0001";

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

    private (IActorRef Coordinator, TestProbe Reports) Start(bool open = false, TimeSpan? challengeLifetime = null, int minClients = 3)
    {
        var settings = new ClusterServerSettings(minClients, TimeSpan.FromMinutes(5), 1, 10, 16, null, null, TimeSpan.FromSeconds(10), 1, 64 << 20,
            Name: $"specs-{Guid.NewGuid():N}", Trusted: Keys.Trusted, Identity: Keys.Server, OpenEnrolment: open, ChallengeLifetime: challengeLifetime);
        var reports = CreateTestProbe();
        var coordinator = Sys.ActorOf(ClusterSessionCoordinator.Props(settings, new SimulatedInputTask(10, 16), reports.Ref), ClusterServerSettings.CoordinatorName);
        reports.ExpectMsg<ServerRunStarted>(Patience);
        return (coordinator, reports);
    }

    private void RefusedOnce(string reason, Action attack) => EventFilter.Warning(contains: reason).ExpectOne(Patience, attack);

    /// <summary>The owner registers after the attack: signed for it, and the host hears it joined.</summary>
    private void OwnerRegisters(IActorRef coordinator, TestProbe reports, int registered = 1)
    {
        var owner = CreateTestProbe();
        Keys.Register(owner, coordinator, Owner, Patience);
        Assert.Equal(new ClientRegistered(Owner), Keys.Expect<ClientRegistered>(owner, Owner, Patience));
        Assert.Equal(new ClientJoined(Owner, registered), reports.FishForMessage<ClientJoined>(_ => true, Patience));
    }

    [Fact]
    public void A_registration_signed_with_a_key_other_than_the_enrolled_one_is_refused_and_the_owner_registers_after()
    {
        var (coordinator, reports) = Start();
        var squatter = CreateTestProbe();
        var (signed, challenge) = Keys.Challenge(squatter, coordinator, Owner, Patience);

        RefusedOnce($"Refused {Owner} from {squatter.Ref.Path}: its registration is not signed with the enrolled key",
            () => squatter.Send(coordinator, Keys.Proof(squatter, signed, challenge, SigningKeyPair.Generate())));

        squatter.ExpectNoMsg(Quiet);
        OwnerRegisters(coordinator, reports);
    }

    [Fact]
    public void A_registration_without_any_key_is_refused()
    {
        var (coordinator, reports) = Start();
        var squatter = CreateTestProbe();
        var (_, challenge) = Keys.Challenge(squatter, coordinator, Owner, Patience);

        RefusedOnce("its registration is not signed with the enrolled key",
            () => squatter.Send(coordinator, new RegistrationProof(Owner, challenge.Challenge, [])));

        squatter.ExpectNoMsg(Quiet);
        OwnerRegisters(coordinator, reports);
    }

    [Fact]
    public void A_squatter_holding_a_challenge_for_the_name_does_not_block_its_owner()
    {
        var (coordinator, reports) = Start();
        var squatter = CreateTestProbe();
        // It asks again and again and never answers.
        for (var i = 0; i < 3; i++)
            Keys.Challenge(squatter, coordinator, Owner, Patience);

        OwnerRegisters(coordinator, reports);
    }

    [Fact]
    public void A_proof_signed_for_another_node_is_refused()
    {
        var (coordinator, reports) = Start();
        var agent = CreateTestProbe();
        var (signed, challenge) = Keys.Challenge(agent, coordinator, Owner, Patience);
        // The owner's own key, but signed for an agent on another node (e.g. relayed from there).
        var elsewhere = Keys.Clients[Owner].Sign(Keys.Pinned.RegistrationPayload(signed, challenge, "akka.tcp://secagg@10.9.9.9:4054"));

        RefusedOnce("its registration is not signed with the enrolled key",
            () => agent.Send(coordinator, new RegistrationProof(Owner, challenge.Challenge, elsewhere)));

        OwnerRegisters(coordinator, reports);
    }

    [Fact]
    public void A_replayed_proof_is_refused_from_anyone_and_the_owner_stays_registered()
    {
        var (coordinator, reports) = Start();
        var owner = CreateTestProbe();
        var (signed, challenge) = Keys.Challenge(owner, coordinator, Owner, Patience);
        var proof = Keys.Proof(owner, signed, challenge);
        owner.Send(coordinator, proof);
        Keys.Expect<ClientRegistered>(owner, Owner, Patience);
        reports.FishForMessage<ClientJoined>(_ => true, Patience);
        var squatter = CreateTestProbe();

        RefusedOnce("its registration answers no challenge it was given (replayed or stale)", () => squatter.Send(coordinator, proof));
        // With a challenge of its own it still cannot use the owner's answer to another one.
        Keys.Challenge(squatter, coordinator, Owner, Patience);
        RefusedOnce("its registration answers no challenge it was given (replayed or stale)", () => squatter.Send(coordinator, proof));
        // The owner's own proof, played back: used up.
        RefusedOnce("its registration answers no challenge it was given (replayed or stale)", () => owner.Send(coordinator, proof));

        squatter.ExpectNoMsg(Quiet);
        // Still one client, the owner: the next registration under another name is the second.
        var second = CreateTestProbe();
        Keys.Register(second, coordinator, "node1/client-0002", Patience);
        Assert.Equal(new ClientJoined("node1/client-0002", 2), reports.FishForMessage<ClientJoined>(_ => true, Patience));
    }

    [Fact]
    public void A_proof_for_an_expired_challenge_is_refused_and_the_owner_registers_with_a_fresh_one()
    {
        var (coordinator, reports) = Start(challengeLifetime: TimeSpan.FromMilliseconds(300));
        var late = CreateTestProbe();
        var (signed, challenge) = Keys.Challenge(late, coordinator, Owner, Patience);
        Thread.Sleep(TimeSpan.FromMilliseconds(600));

        RefusedOnce("its registration answers an expired challenge", () => late.Send(coordinator, Keys.Proof(late, signed, challenge)));

        late.ExpectNoMsg(Quiet);
        OwnerRegisters(coordinator, reports);
    }

    [Fact]
    public void A_name_nobody_enrolled_is_refused_before_any_challenge()
    {
        var (coordinator, reports) = Start();
        var stranger = CreateTestProbe();

        RefusedOnce("Refused stranger/client-0001 from", () => stranger.Send(coordinator, new RegistrationRequest("stranger/client-0001", new byte[16])));

        stranger.ExpectNoMsg(Quiet);
        OwnerRegisters(coordinator, reports);
    }

    [Fact]
    public void With_open_enrolment_a_stranger_registers_without_a_key_but_an_enrolled_name_still_needs_its_key()
    {
        var (coordinator, reports) = Start(open: true);
        var stranger = CreateTestProbe();
        var (_, challenge) = Keys.Challenge(stranger, coordinator, "stranger/client-0001", Patience);
        stranger.Send(coordinator, new RegistrationProof(challenge.Name, challenge.Challenge, []));
        Keys.Expect<ClientRegistered>(stranger, "stranger/client-0001", Patience);
        Assert.Equal(new ClientJoined("stranger/client-0001", 1), reports.FishForMessage<ClientJoined>(_ => true, Patience));

        var squatter = CreateTestProbe();
        var (_, owners) = Keys.Challenge(squatter, coordinator, Owner, Patience);
        RefusedOnce("its registration is not signed with the enrolled key", () => squatter.Send(coordinator, new RegistrationProof(Owner, owners.Challenge, [])));

        OwnerRegisters(coordinator, reports, registered: 2);
    }

    [Fact]
    public void Members_hear_of_their_session_signed_for_them_alone()
    {
        var (coordinator, reports) = Start();
        var agents = Keys.Clients.Keys.Order(StringComparer.Ordinal).Select(name => (Name: name, Probe: CreateTestProbe())).ToArray();
        foreach (var (name, probe) in agents)
        {
            Keys.Register(probe, coordinator, name, Patience);
            Keys.Expect<ClientRegistered>(probe, name, Patience);
        }

        var opened = reports.FishForMessage<SessionOpenedNotice>(_ => true, Patience).Opened;
        foreach (var (name, probe) in agents)
        {
            var signed = probe.ExpectMsg<SignedControl>(Patience);
            Assert.Equal((name, opened.Session), (signed.Recipient, signed.Session));
            var assignment = Keys.Open<SessionAssignment>(signed, name, Sys);
            Assert.Equal(opened.Members.Single(m => m.Name == name).Id, assignment.ClientId);
        }
    }
}
