using Akka.Actor;
using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// The server's signed control messages as a client checks them: only the pinned key, only for this recipient, and
/// every signed field (server, run, recipient, session, type, content) bound, so no field can be swapped after signing.
/// </summary>
public sealed class ServerSignerSpecs
{
    private static readonly SigningKeyPair Key = SigningKeyPair.Generate();
    private static readonly ServerSigner Signer = ServerSigner.Start(Key, "secagg");
    private static readonly PinnedServer Pinned = new(Key.PublicKey);
    private static readonly SessionId Session = SessionId.New();

    private static SignedControl Ended() => Signer.Seal(new SessionEnded(Session, true, "completed"), "node1/client-0001");

    [Fact]
    public void A_sealed_message_verifies_for_its_recipient_with_the_pinned_key()
    {
        var signed = Ended();

        Assert.Null(Pinned.Problem(signed, "node1/client-0001"));
        Assert.Equal(("secagg", "node1/client-0001", Session, ClusterWireCodec.EndedManifest), (signed.Server, signed.Recipient, signed.Session, signed.Manifest));
        Assert.Equal(Signer.Incarnation, signed.Incarnation);
        Assert.Equal(new SessionEnded(Session, true, "completed"), ClusterWireCodec.Decode(signed.Manifest, signed.Body, null));
    }

    [Fact]
    public void A_message_for_another_client_is_refused_by_this_one()
    {
        Assert.Equal("it is addressed to node1/client-0001", Pinned.Problem(Ended(), "node1/client-0002"));
    }

    [Fact]
    public void A_message_signed_with_another_key_is_refused_whatever_it_claims()
    {
        var rogue = new ServerSigner(SigningKeyPair.Generate(), "secagg", Signer.Incarnation);

        Assert.Equal("its signature does not verify with the pinned server key",
            Pinned.Problem(rogue.Seal(new ServerFinished(null), "node1/client-0001"), "node1/client-0001"));
    }

    public static TheoryData<string> Fields => ["server", "incarnation", "recipient", "session", "manifest", "body", "signature"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_signed_field_breaks_the_signature(string field)
    {
        var signed = Ended();
        var changed = field switch
        {
            "server" => signed with { Server = "other" },
            "incarnation" => signed with { Incarnation = new byte[ServerSigner.IncarnationSize] },
            "recipient" => signed with { Recipient = "node1/client-0002" },
            "session" => signed with { Session = SessionId.New() },
            "manifest" => signed with { Manifest = ClusterWireCodec.FinishedManifest },
            "body" => signed with { Body = ClusterWireCodec.Encode(new SessionEnded(Session, false, "aborted")) },
            _ => signed with { Signature = signed.Signature.Select((b, i) => i == 0 ? (byte)(b ^ 1) : b).ToArray() },
        };

        var recipient = field == "recipient" ? "node1/client-0002" : "node1/client-0001";
        Assert.Equal("its signature does not verify with the pinned server key", Pinned.Problem(changed, recipient));
    }

    [Fact]
    public void Only_control_messages_are_accepted_signed()
    {
        var signed = Signer.Seal(new RegistrationProof("node1/client-0001", new byte[32], new byte[64]), "node1/client-0001");

        Assert.Equal("'CP' is not a control message", Pinned.Problem(signed, "node1/client-0001"));
    }

    [Fact]
    public void Each_run_has_its_own_incarnation_and_session_messages_are_bound_to_their_session()
    {
        Assert.NotEqual(Signer.Incarnation, ServerSigner.Start(Key, "secagg").Incarnation);
        Assert.Equal(ServerSigner.IncarnationSize, Signer.Incarnation.Length);
        Assert.Equal(Session, ServerSigner.SessionOf(new SessionEnded(Session, true, "")));
        Assert.Equal(default, ServerSigner.SessionOf(new ServerFinished(null)));
        Assert.Equal(default, Signer.Seal(new ClientRegistered("a"), "a").Session);
    }

    [Fact]
    public void A_registration_proof_counts_only_for_the_server_run_name_and_node_it_was_signed_for()
    {
        var client = SigningKeyPair.Generate();
        var challenge = new RegistrationChallenge("node1/client-0001", new byte[16], RandomBytes(32));
        var signed = Signer.Seal(challenge, challenge.Name);
        const string node = "akka.tcp://secagg@10.0.0.7:4054";
        var proof = new RegistrationProof(challenge.Name, challenge.Challenge, client.Sign(Pinned.RegistrationPayload(signed, challenge, node)));

        Assert.True(Signer.Verifies(proof, client.PublicKey, node));
        Assert.False(Signer.Verifies(proof, client.PublicKey, "akka.tcp://secagg@10.0.0.8:4054"));
        Assert.False(Signer.Verifies(proof, SigningKeyPair.Generate().PublicKey, node));
        Assert.False(Signer.Verifies(proof with { Name = "node1/client-0002" }, client.PublicKey, node));
        Assert.False(Signer.Verifies(proof with { Challenge = RandomBytes(32) }, client.PublicKey, node));
        Assert.False(new ServerSigner(Key, "secagg", new byte[16]).Verifies(proof, client.PublicKey, node));
        Assert.False(new ServerSigner(Key, "other", Signer.Incarnation).Verifies(proof, client.PublicKey, node));
        Assert.False(Signer.Verifies(proof with { Signature = [] }, client.PublicKey, node));
    }

    [Fact]
    public void A_control_signature_is_never_a_registration_signature_and_the_labels_differ_from_the_protocols()
    {
        var session = SessionId.New();
        var control = ControlSignatures.Control("s", [1], "r", session, "CA", [2]);
        var registration = ControlSignatures.Registration([3], "s", [1], [2], "r", "n");

        Assert.NotEqual(control[..24], registration[..24]);
        Assert.NotEqual(control[..24], SignedPayloads.AdvertisedKeys(session, 1, [1], [2])[..24]);
        Assert.NotEqual(control[..24], SignedPayloads.MaskedInputSenders(session, [1, 2])[..24]);
        Assert.NotEqual(registration[..24], SignedPayloads.MaskedInputSenders(session, [1, 2])[..24]);
    }

    [Fact]
    public void A_server_key_is_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new PinnedServer(new byte[31]));
    }

    private static byte[] RandomBytes(int count) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(count);
}
