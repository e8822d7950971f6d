using Akka.Actor;
using Akka.TestKit;
using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// A server identity and enrolled client keys for specs that play a client agent (or a server) with a test probe:
/// register the way an agent does, and open what the coordinator signs the way a client does.
/// </summary>
public sealed class SpecIdentities
{
    private SpecIdentities(IReadOnlyDictionary<string, SigningKeyPair> clients)
    {
        Clients = clients;
        Trusted = new TrustedKeys(clients.ToDictionary(entry => entry.Key, entry => entry.Value.PublicKey));
    }

    public SigningKeyPair Server { get; } = SigningKeyPair.Generate();

    public IReadOnlyDictionary<string, SigningKeyPair> Clients { get; }

    public TrustedKeys Trusted { get; }

    public PinnedServer Pinned => new(Server.PublicKey);

    public static SpecIdentities For(params string[] names) => new(names.ToDictionary(name => name, _ => SigningKeyPair.Generate()));

    /// <summary>The message <paramref name="signed"/> carries, after checking it as a client named <paramref name="recipient"/> would.</summary>
    public T Open<T>(SignedControl signed, string recipient, ActorSystem system) where T : IClusterSessionMessage
    {
        Assert.Null(Pinned.Problem(signed, recipient));
        var message = Assert.IsType<T>(ClusterWireCodec.Decode(signed.Manifest, signed.Body, (ExtendedActorSystem)system));
        Assert.Equal(ServerSigner.SessionOf(message), signed.Session);
        return message;
    }

    /// <summary>The next signed control message the probe receives, opened for <paramref name="recipient"/>.</summary>
    public T Expect<T>(TestProbe agent, string recipient, TimeSpan within) where T : IClusterSessionMessage =>
        Open<T>(agent.ExpectMsg<SignedControl>(within), recipient, agent.Sys);

    /// <summary>Asks for a challenge as <paramref name="name"/>; returns the signed challenge and what it carries.</summary>
    public (SignedControl Signed, RegistrationChallenge Challenge) Challenge(TestProbe agent, IActorRef coordinator, string name, TimeSpan within)
    {
        agent.Send(coordinator, new RegistrationRequest(name, System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        var signed = agent.ExpectMsg<SignedControl>(within);
        return (signed, Open<RegistrationChallenge>(signed, name, agent.Sys));
    }

    /// <summary>The proof an agent on <paramref name="agent"/>'s node sends, signed with <paramref name="key"/> (the enrolled key unless given).</summary>
    public RegistrationProof Proof(TestProbe agent, SignedControl signed, RegistrationChallenge challenge, SigningKeyPair? key = null)
    {
        var node = ((ExtendedActorSystem)agent.Sys).Provider.DefaultAddress.ToString();
        var signer = key ?? Clients[challenge.Name];
        return new RegistrationProof(challenge.Name, challenge.Challenge, signer.Sign(Pinned.RegistrationPayload(signed, challenge, node)));
    }

    /// <summary>Registers the probe as <paramref name="name"/> the way an agent does; the coordinator's answer is left for the caller.</summary>
    public void Register(TestProbe agent, IActorRef coordinator, string name, TimeSpan within)
    {
        var (signed, challenge) = Challenge(agent, coordinator, name, within);
        agent.Send(coordinator, Proof(agent, signed, challenge));
    }
}
