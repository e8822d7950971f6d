using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Akka.TestKit.TestActors;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// The cluster's session messages and the coordinator's journal events through the serializer Akka picks for them
/// (<see cref="SecAggSerializer"/>, bound in HOCON): they round-trip field by field, actor references resolve back,
/// and damaged or hostile bytes are refused with a <see cref="WireFormatException"/> that names the problem.
/// </summary>
public sealed class ClusterWireCodecSpecs() : Akka.TestKit.Xunit2.TestKit(SecAggActorConfig.Serialization(), "cluster-codec-specs")
{
    private static readonly SessionId Session = new(Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    private static readonly byte[] GraphSeed = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly byte[] Payload = Enumerable.Range(0, 300).Select(i => (byte)(255 - i % 256)).ToArray();

    private static ProtocolParameters SecAggPlus => new(6, 3, 20, 1000, SecurityMode.Active, 4);

    private static ClusterSessionOpened Opened(int members = 3) => new(7, Session, SecAggPlus, GraphSeed, -12345, TimeSpan.FromTicks(15_002_500),
        Enumerable.Range(1, members).Select(i => new SessionMember(i, $"node-{i}:4054/client-{i:D4} ü", $"akka.tcp://secagg@10.0.0.{i}:4054/user/clients/client-{i}#{1000 + i}")).ToArray(), Payload);

    private static SessionAssignment Assignment(IActorRef server) =>
        new(Session, 7, SecAggPlus, 4, GraphSeed, 99, server, Payload, Enumerable.Range(1, 6).Select(i => $"node{i}/client-{i:D4}").ToArray());

    private static readonly byte[] Nonce = Enumerable.Range(0, 16).Select(i => (byte)(i + 1)).ToArray();
    private static readonly byte[] Challenge = Enumerable.Range(0, 32).Select(i => (byte)(200 - i)).ToArray();
    private static readonly byte[] Signature = Enumerable.Range(0, 64).Select(i => (byte)(i * 3)).ToArray();

    private static RegistrationRequest Request(string name = "node1/client-0001") => new(name, Nonce);

    private static SignedControl Signed() => new("secagg", Nonce, "node1/client-0002 ü", Session, ClusterWireCodec.EndedManifest, Payload, Signature);

    private SecAggSerializer Serializer => (SecAggSerializer)Sys.Serialization.FindSerializerForType(typeof(RegistrationRequest));

    private object RoundTrip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<SecAggSerializer>(serializer);
        var manifest = ((SerializerWithStringManifest)serializer).Manifest(message);
        var bytes = serializer.ToBinary(message);
        return Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }

    private (byte[] Bytes, string Manifest) Encode(object message) => (Serializer.ToBinary(message), Serializer.Manifest(message));

    private WireFormatException Refused(byte[] bytes, string manifest) => Assert.Throws<WireFormatException>(() => Serializer.FromBinary(bytes, manifest));

    private static void AssertSameParameters(ProtocolParameters expected, ProtocolParameters actual)
    {
        Assert.Equal(expected.ClientCount, actual.ClientCount);
        Assert.Equal(expected.Threshold, actual.Threshold);
        Assert.Equal(expected.Bits, actual.Bits);
        Assert.Equal(expected.VectorLength, actual.VectorLength);
        Assert.Equal(expected.Mode, actual.Mode);
        Assert.Equal(expected.Neighbours, actual.Neighbours);
    }

    private static void AssertSameOpened(ClusterSessionOpened expected, ClusterSessionOpened actual)
    {
        Assert.Equal(expected.Index, actual.Index);
        Assert.Equal(expected.Session, actual.Session);
        AssertSameParameters(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.GraphSeed, actual.GraphSeed);
        Assert.Equal(expected.InputSeed, actual.InputSeed);
        Assert.Equal(expected.RoundTimeout, actual.RoundTimeout);
        Assert.Equal(expected.Members, actual.Members); // SessionMember is a record of scalars: element-wise value equality
        Assert.Equal(expected.TaskPayload, actual.TaskPayload);
    }

    private static void AssertSameAssignment(SessionAssignment expected, SessionAssignment actual)
    {
        Assert.Equal(expected.Session, actual.Session);
        Assert.Equal(expected.Index, actual.Index);
        AssertSameParameters(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.ClientId, actual.ClientId);
        Assert.Equal(expected.GraphSeed, actual.GraphSeed);
        Assert.Equal(expected.InputSeed, actual.InputSeed);
        Assert.Equal(expected.Server, actual.Server);
        Assert.Equal(expected.Server.Path.Uid, actual.Server.Path.Uid);
        Assert.Equal(expected.TaskPayload, actual.TaskPayload);
        Assert.Equal(expected.MemberNames, actual.MemberNames);
    }

    /// <summary>A ClusterSessionOpened written by hand in the documented layout, so single fields can be corrupted.</summary>
    private static byte[] OpenedBytes(int n = 6, int t = 3, int bits = 20, int m = 1000, byte mode = 1, int k = 4, long ticks = 15_002_500,
        int? memberCount = null, byte[]? memberName = null, byte[]? graphSeed = null, int? payloadLength = null)
    {
        var writer = new WireWriter();
        writer.WriteInt32(7);
        writer.WriteSession(Session);
        writer.WriteInt32(n);
        writer.WriteInt32(t);
        writer.WriteInt32(bits);
        writer.WriteInt32(m);
        writer.WriteByte(mode);
        writer.WriteInt32(k);
        writer.WriteBytes(graphSeed ?? GraphSeed);
        writer.WriteInt32(-12345);
        writer.WriteInt64(ticks);
        var members = Opened().Members;
        writer.WriteInt32(memberCount ?? members.Count);
        foreach (var member in members)
        {
            writer.WriteInt32(member.Id);
            writer.WriteBytes(member.Id == 2 && memberName is not null ? memberName : Encoding.UTF8.GetBytes(member.Name));
            writer.WriteBytes(Encoding.UTF8.GetBytes(member.ActorPath));
        }
        writer.WriteInt32(payloadLength ?? Payload.Length);
        writer.WriteRaw(Payload);
        return writer.ToArray();
    }

    public static TheoryData<Type> ClusterTypes => new()
    {
        typeof(RegistrationRequest), typeof(RegistrationChallenge), typeof(RegistrationProof), typeof(SignedControl), typeof(ClientRegistered), typeof(SessionAssignment), typeof(SessionEnded), typeof(ClusterSessionOpened),
        typeof(ClusterSessionEnded), typeof(ClusterServerStopped), typeof(ServerFinished), typeof(ClientNodeSeen),
    };

    [Theory]
    [MemberData(nameof(ClusterTypes))]
    public void Every_cluster_message_and_journal_event_is_bound_to_the_SecAgg_serializer_never_the_default_json_one(Type type)
    {
        var serializer = Sys.Serialization.FindSerializerForType(type);

        Assert.IsType<SecAggSerializer>(serializer);
        Assert.IsNotType<NewtonSoftJsonSerializer>(serializer);
        // Journalled events carry this id: changing it would orphan every stored session.
        Assert.Equal(4711, serializer.Identifier);
        Assert.Equal(SecAggSerializer.SerializerId, serializer.Identifier);
    }

    [Fact]
    public void Registration_messages_and_signed_control_messages_round_trip_field_by_field()
    {
        var request = Assert.IsType<RegistrationRequest>(RoundTrip(Request("10.0.0.3:4054/client-0001 ünïcødé")));
        Assert.Equal("10.0.0.3:4054/client-0001 ünïcødé", request.Name);
        Assert.Equal(Nonce, request.Nonce);
        Assert.Equal("", Assert.IsType<RegistrationRequest>(RoundTrip(Request(""))).Name);
        var challenge = Assert.IsType<RegistrationChallenge>(RoundTrip(new RegistrationChallenge("a", Nonce, Challenge)));
        Assert.Equal("a", challenge.Name);
        Assert.Equal(Nonce, challenge.Nonce);
        Assert.Equal(Challenge, challenge.Challenge);
        var proof = Assert.IsType<RegistrationProof>(RoundTrip(new RegistrationProof("a", Challenge, Signature)));
        Assert.Equal("a", proof.Name);
        Assert.Equal(Challenge, proof.Challenge);
        Assert.Equal(Signature, proof.Signature);
        Assert.Empty(Assert.IsType<RegistrationProof>(RoundTrip(new RegistrationProof("a", Challenge, []))).Signature);
        var signed = Assert.IsType<SignedControl>(RoundTrip(Signed()));
        var expected = Signed();
        Assert.Equal((expected.Server, expected.Recipient, expected.Session, expected.Manifest), (signed.Server, signed.Recipient, signed.Session, signed.Manifest));
        Assert.Equal(expected.Incarnation, signed.Incarnation);
        Assert.Equal(expected.Body, signed.Body);
        Assert.Equal(expected.Signature, signed.Signature);
    }

    [Fact]
    public void Registered_ended_and_finished_messages_round_trip()
    {
        Assert.Equal(new ClientRegistered("client-0002"), RoundTrip(new ClientRegistered("client-0002")));
        Assert.Equal(new SessionEnded(Session, true, "verified"), RoundTrip(new SessionEnded(Session, true, "verified")));
        Assert.Equal(new SessionEnded(Session, false, "aborted: 2 of 6 survived, threshold 3"),
            RoundTrip(new SessionEnded(Session, false, "aborted: 2 of 6 survived, threshold 3")));
        Assert.Equal(new ServerFinished(null), RoundTrip(new ServerFinished(null)));
        Assert.Equal(new ServerFinished(""), RoundTrip(new ServerFinished("")));
        Assert.Equal(new ServerFinished("only 2 of 3 clients registered"), RoundTrip(new ServerFinished("only 2 of 3 clients registered")));
        Assert.Equal(new ClientNodeSeen("akka.tcp://secagg@10.0.0.3:4054"), RoundTrip(new ClientNodeSeen("akka.tcp://secagg@10.0.0.3:4054")));
    }

    [Fact]
    public void Journal_events_round_trip_field_by_field()
    {
        var opened = Opened();
        AssertSameOpened(opened, Assert.IsType<ClusterSessionOpened>(RoundTrip(opened)));

        var complete = opened with { Parameters = ProtocolParameters.WithDefaults(3, 1, 62), Members = [], GraphSeed = [], TaskPayload = [] };
        var back = Assert.IsType<ClusterSessionOpened>(RoundTrip(complete));
        AssertSameOpened(complete, back);
        Assert.Null(back.Parameters.Neighbours);
        Assert.Equal(SecurityMode.SemiHonest, back.Parameters.Mode);

        foreach (var ended in new[] { new ClusterSessionEnded(-1, Session, false, []), new ClusterSessionEnded(int.MaxValue, Session, true, Payload) })
        {
            var endedBack = Assert.IsType<ClusterSessionEnded>(RoundTrip(ended));
            Assert.Equal(ended.Index, endedBack.Index);
            Assert.Equal(ended.Session, endedBack.Session);
            Assert.Equal(ended.Completed, endedBack.Completed);
            Assert.Equal(ended.TaskState, endedBack.TaskState);
        }
        Assert.Same(ClusterServerStopped.Instance, RoundTrip(ClusterServerStopped.Instance));
        Assert.Empty(Serializer.ToBinary(ClusterServerStopped.Instance));
    }

    [Fact]
    public void A_session_assignment_round_trips_and_its_server_ref_resolves_to_the_same_actor()
    {
        var server = Sys.ActorOf(BlackHoleActor.Props, "session-7");
        var assignment = Assignment(server);

        var back = Assert.IsType<SessionAssignment>(RoundTrip(assignment));

        AssertSameAssignment(assignment, back);
        // The resolved ref reaches the live actor, not dead letters.
        Assert.IsNotType<DeadLetterActorRef>(back.Server);
        Watch(back.Server);
        Sys.Stop(server);
        ExpectTerminated(back.Server);

        var probe = CreateTestProbe();
        var toProbe = Assert.IsType<SessionAssignment>(RoundTrip(Assignment(probe.Ref)));
        Assert.Equal(probe.Ref, toProbe.Server);
        toProbe.Server.Tell("hello");
        probe.ExpectMsg("hello");
    }

    [Fact]
    public void The_hand_written_layout_is_the_encoded_one()
    {
        // Journals outlive releases: the byte layout of an opened session is part of the format.
        var (bytes, manifest) = Encode(Opened());
        Assert.Equal("JO", manifest);
        Assert.Equal(OpenedBytes(), bytes);
        AssertSameOpened(Opened(), Assert.IsType<ClusterSessionOpened>(Serializer.FromBinary(OpenedBytes(), manifest)));
    }

    [Fact]
    public void Every_truncation_of_every_cluster_message_is_refused_as_truncated()
    {
        object[] messages =
        [
            Opened(), Assignment(CreateTestProbe().Ref), Request(), new ClientRegistered("client-1"), new RegistrationChallenge("a", Nonce, Challenge),
            new RegistrationProof("a", Challenge, Signature), Signed(),
            new SessionEnded(Session, true, "ok"), new ClusterSessionEnded(3, Session, true, [1, 2, 3]), new ServerFinished("gave up"),
            new ClientNodeSeen("akka.tcp://secagg@10.0.0.3:4054"),
        ];
        var prefixes = 0;
        foreach (var message in messages)
        {
            var (bytes, manifest) = Encode(message);
            for (var length = 0; length < bytes.Length; length++)
            {
                var error = Refused(bytes[..length], manifest);
                Assert.Contains("truncated", error.Message);
                Assert.False(string.IsNullOrEmpty(error.Field), $"{message.GetType().Name} cut at {length} of {bytes.Length}: {error.Message}");
                prefixes++;
            }
        }
        Assert.True(prefixes > 400, $"{prefixes} prefixes");
    }

    [Fact]
    public void Trailing_bytes_after_any_cluster_message_are_refused()
    {
        object[] messages =
        [
            Opened(), Assignment(CreateTestProbe().Ref), Request(), new ClientRegistered("client-1"), new RegistrationChallenge("a", Nonce, Challenge),
            new RegistrationProof("a", Challenge, Signature), Signed(),
            new SessionEnded(Session, true, "ok"), new ClusterSessionEnded(3, Session, true, [1, 2, 3]), ClusterServerStopped.Instance,
            new ServerFinished(null), new ClientNodeSeen("akka.tcp://secagg@10.0.0.3:4054"),
        ];
        foreach (var message in messages)
        {
            var (bytes, manifest) = Encode(message);
            var error = Refused([.. bytes, 0, 0], manifest);
            Assert.Contains("2 trailing bytes", error.Message);
            Assert.Contains(message.GetType().Name, error.Message);
        }
    }

    [Theory]
    [InlineData(3, 4, 20, 1000, 0, "Threshold t = 4 exceeds the client count n = 3")]
    [InlineData(6, 3, 7, 1000, 4, "Word size b = 7 bits")]
    [InlineData(6, 3, 63, 1000, 4, "Word size b = 63 bits")]
    [InlineData(1, 2, 20, 1000, 0, "Client count n = 1")]
    [InlineData(6, 3, 20, 0, 4, "Vector length m = 0")]
    [InlineData(6, 1, 20, 1000, 4, "Threshold t = 1")]
    [InlineData(6, 3, 20, 1000, -1, "at least 2 neighbours")]
    public void Invalid_protocol_parameters_are_refused_with_the_protocol_reason(int n, int t, int bits, int m, int k, string reason)
    {
        var error = Refused(OpenedBytes(n, t, bits, m, mode: 0, k: k), ClusterWireCodec.OpenedEventManifest);
        Assert.StartsWith("Invalid session parameters:", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Invalid_parameters_in_a_session_assignment_are_refused_too()
    {
        var (bytes, manifest) = Encode(Assignment(CreateTestProbe().Ref));
        var tooHigh = bytes.ToArray();
        BitConverter.TryWriteBytes(tooHigh.AsSpan(SessionId.Size + 4 + 4), 7); // threshold 7 > k + 1 = 5
        Assert.Contains("Threshold t = 7 exceeds the neighbourhood size", Refused(tooHigh, manifest).Message);

        var badMode = bytes.ToArray();
        badMode[SessionId.Size + 4 + 16] = 9;
        Assert.Equal("Unknown security mode 9.", Refused(badMode, manifest).Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(255)]
    public void An_unknown_security_mode_is_refused(byte mode)
    {
        var error = Refused(OpenedBytes(mode: mode), ClusterWireCodec.OpenedEventManifest);
        Assert.Equal($"Unknown security mode {mode}.", error.Message);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void A_round_timeout_that_is_not_positive_is_refused(long ticks)
    {
        var error = Refused(OpenedBytes(ticks: ticks), ClusterWireCodec.OpenedEventManifest);
        Assert.Contains("round timeout must be positive", error.Message);
        Assert.Contains($"{ticks} ticks", error.Message);
    }

    [Fact]
    public void A_name_that_is_not_valid_utf8_is_refused_naming_the_field()
    {
        byte[] invalid = [0x63, 0xC3, 0x28, 0xFF];
        var error = Refused(OpenedBytes(memberName: invalid), ClusterWireCodec.OpenedEventManifest);
        Assert.Equal("Field 'member name' is not valid UTF-8.", error.Message);

        var writer = new WireWriter();
        writer.WriteBytes(invalid);
        Assert.Equal("Field 'name' is not valid UTF-8.", Refused(writer.ToArray(), ClusterWireCodec.RequestManifest).Message);
        Assert.Equal("Field 'name' is not valid UTF-8.", Refused(writer.ToArray(), ClusterWireCodec.RegisteredManifest).Message);
    }

    [Fact]
    public void A_name_longer_than_4096_bytes_is_refused()
    {
        var (bytes, manifest) = Encode(Request(new string('x', 4097)));
        var error = Refused(bytes, manifest);
        Assert.Equal("name", error.Field);
        Assert.Contains("exceeds the limit of 4096", error.Message);
        Assert.Equal(new string('x', 4096), Assert.IsType<RegistrationRequest>(RoundTrip(Request(new string('x', 4096)))).Name);
    }

    [Fact]
    public void Nonces_challenges_and_signatures_longer_than_64_bytes_are_refused()
    {
        Assert.Equal("nonce", Refused(Encode(new RegistrationRequest("a", new byte[65])).Bytes, ClusterWireCodec.RequestManifest).Field);
        Assert.Equal("challenge", Refused(Encode(new RegistrationProof("a", new byte[65], Signature)).Bytes, ClusterWireCodec.ProofManifest).Field);
        Assert.Equal("signature", Refused(Encode(Signed() with { Signature = new byte[65] }).Bytes, ClusterWireCodec.SignedManifest).Field);
        Assert.Equal("incarnation", Refused(Encode(Signed() with { Incarnation = new byte[65] }).Bytes, ClusterWireCodec.SignedManifest).Field);
    }

    [Fact]
    public void The_unsigned_registration_of_earlier_versions_is_not_read_any_more()
    {
        var writer = new WireWriter();
        writer.WriteBytes(Encoding.UTF8.GetBytes("node1/client-0001"));
        Assert.Equal("Unknown SecAgg manifest 'CR'.", Refused(writer.ToArray(), "CR").Message);
    }

    [Fact]
    public void A_graph_seed_longer_than_64_bytes_is_refused()
    {
        var error = Refused(OpenedBytes(graphSeed: new byte[65]), ClusterWireCodec.OpenedEventManifest);
        Assert.Equal("graph seed", error.Field);
        Assert.Contains("exceeds the limit of 64", error.Message);
    }

    [Theory]
    [InlineData(1000, "needs at least 12000 more bytes")]
    [InlineData(1_000_000, "exceeds the limit of 100000")]
    [InlineData(100_000, "needs at least 1200000 more bytes")]
    [InlineData(-1, "negative count -1")]
    public void A_member_count_beyond_the_remaining_bytes_or_the_limit_is_refused_before_allocating(int count, string problem)
    {
        var error = Refused(OpenedBytes(memberCount: count), ClusterWireCodec.OpenedEventManifest);
        Assert.Equal("members", error.Field);
        Assert.Contains(problem, error.Message);
        Assert.Equal(OpenedBytes().Length - 4 - Payload.Length - Opened().Members.Sum(member => 12 + Encoding.UTF8.GetByteCount(member.Name) + member.ActorPath.Length) - 4,
            error.Offset);
    }

    [Fact]
    public void One_member_more_than_present_is_refused()
    {
        var error = Refused(OpenedBytes(memberCount: 4), ClusterWireCodec.OpenedEventManifest);
        Assert.StartsWith("member", error.Field);
    }

    [Theory]
    [InlineData(301, "needs at least 301 more bytes, only 300 remain")]
    [InlineData(int.MaxValue, "exceeds the limit of 67108864")]
    [InlineData(-5, "negative count -5")]
    public void A_task_payload_length_beyond_the_remaining_bytes_or_the_limit_is_refused(int length, string problem)
    {
        var error = Refused(OpenedBytes(payloadLength: length), ClusterWireCodec.OpenedEventManifest);
        Assert.Equal("task payload", error.Field);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Fewer_members_than_counted_leave_trailing_bytes_that_are_refused()
    {
        // The third member's id (3) is then read as the task payload's length, and the rest is left over.
        var error = Refused(OpenedBytes(memberCount: 2), ClusterWireCodec.OpenedEventManifest);
        Assert.Contains("trailing bytes after a ClusterSessionOpened", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("CX")]
    [InlineData("jo")]
    [InlineData("SecureAgg.Actors.Cluster.ClusterSessionOpened")]
    public void An_unknown_manifest_is_refused_naming_it(string manifest)
    {
        var (bytes, _) = Encode(Opened());
        var error = Refused(bytes, manifest);
        Assert.Contains($"manifest '{manifest}'", error.Message);

        var direct = Assert.Throws<WireFormatException>(() => ClusterWireCodec.Decode(manifest, bytes, (ExtendedActorSystem)Sys));
        Assert.Equal($"Unknown cluster manifest '{manifest}'.", direct.Message);
        Assert.False(ClusterWireCodec.Handles(manifest));
    }

    [Fact]
    public void Something_that_is_not_a_cluster_message_is_not_encoded()
    {
        Assert.Throws<ArgumentException>(() => ClusterWireCodec.Encode("not a message"));
        Assert.Throws<ArgumentException>(() => ClusterWireCodec.Manifest(new SessionMember(1, "a", "b")));
    }

    [Fact]
    public async Task A_session_assignment_crosses_two_actor_systems_and_its_server_ref_reaches_back()
    {
        Config NodeConfig(string role) => ClusterAkkaConfig.For(role, "127.0.0.1", null, 0, ConfigurationFactory.ParseString("akka.loglevel = WARNING"))
            .WithFallback(SecAggActorConfig.Serialization());
        var server = ActorSystem.Create(ClusterAkkaConfig.SystemName, NodeConfig(ClusterAkkaConfig.ServerRole));
        var client = ActorSystem.Create(ClusterAkkaConfig.SystemName, NodeConfig(ClusterAkkaConfig.ClientRole));
        try
        {
            // On the client node: an agent that answers the assignment's server, and echoes the assignment to its sender.
            client.ActorOf(Props.Create(() => new EchoToServer()), "agent");
            var clientAddress = ((ExtendedActorSystem)client).Provider.DefaultAddress;
            var sessionActor = CreateTestProbe(server);
            var sender = CreateTestProbe(server);
            var assignment = Assignment(sessionActor.Ref);

            server.ActorSelection($"{clientAddress}/user/agent").Tell(assignment, sender.Ref);

            Assert.Equal(new ClientRegistered("agent-on-client-node"), sessionActor.ExpectMsg<ClientRegistered>(TimeSpan.FromSeconds(10)));
            var echoed = sender.ExpectMsg<SessionAssignment>(TimeSpan.FromSeconds(10));
            AssertSameAssignment(assignment, echoed);
        }
        finally
        {
            await Task.WhenAll(client.Terminate(), server.Terminate());
        }
    }

    private sealed class EchoToServer : ReceiveActor
    {
        public EchoToServer() => Receive<SessionAssignment>(assignment =>
        {
            // Only a ref that was serialized with its address and resolved by this node's remote provider reaches back.
            Assert.False(assignment.Server.Path.Address.HasLocalScope);
            assignment.Server.Tell(new ClientRegistered("agent-on-client-node"));
            Sender.Tell(assignment);
        });
    }
}
