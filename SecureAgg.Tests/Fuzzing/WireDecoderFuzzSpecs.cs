using Akka.Actor;
using Akka.Configuration;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Training;
using SecureAgg.Actors.Transport;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;
using SecureAgg.Tests.Serialization;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Fuzzing;

/// <summary>
/// A bounded, seeded mutation fuzzer over every decoder that reads bytes from the network or the journal: each
/// mutated input either decodes or is refused with <see cref="WireFormatException"/>, and no input makes a decoder
/// allocate more than a small multiple of its own size (bit-packed words expand at most 64-fold), so nothing is
/// allocated for what the bytes merely claim.
/// </summary>
public sealed class WireDecoderFuzzSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const int MaxVectorLength = 1000;
    private const int InputsPerTarget = 3000;
    private static readonly SessionId Session = new(Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    private readonly ITestOutputHelper _output;
    private readonly SecAggSerializer _serializer;

    public WireDecoderFuzzSpecs(ITestOutputHelper output)
        : base(ConfigurationFactory.ParseString($"secagg.serialization.max-vector-length = {MaxVectorLength}").WithFallback(SecAggActorConfig.Serialization()),
            "wire-fuzz-specs")
    {
        _output = output;
        _serializer = (SecAggSerializer)Sys.Serialization.FindSerializerForType(typeof(MaskedInput));
    }

    // Bit-packed words at width 1 turn each input byte into 8 words of 8 bytes; the rest is bookkeeping.
    private static long Bound(byte[] input) => 64L * input.Length + 256 * 1024;

    public static TheoryData<string> Targets =>
    [
        "protocol codec", "P", "A", "C", "F", "R", "S", "K",
        ClusterWireCodec.RequestManifest, ClusterWireCodec.ChallengeManifest, ClusterWireCodec.ProofManifest, ClusterWireCodec.SignedManifest,
        ClusterWireCodec.RegisteredManifest, ClusterWireCodec.AssignmentManifest, ClusterWireCodec.EndedManifest, ClusterWireCodec.FinishedManifest,
        ClusterWireCodec.NodeSeenEventManifest, ClusterWireCodec.OpenedEventManifest, ClusterWireCodec.EndedEventManifest, ClusterWireCodec.StoppedEventManifest,
        "training payload",
    ];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Mutated_inputs_decode_or_are_refused_with_a_wire_format_exception_within_the_allocation_bound(string name)
    {
        var target = Target(name);
        var run = FuzzRun.Of(target, InputsPerTarget, seed: name.GetHashCode(StringComparison.Ordinal) & 0x7fffffff ^ 2026);

        _output.WriteLine($"{run.Target}: {run.Inputs} inputs, {run.Decoded} decoded, {run.Refused} refused, largest allocation {run.LargestAllocation:N0} bytes");
        Assert.True(run.Refused > 0, "no input was refused: the mutations did not reach the decoder's checks");
    }

    [Fact]
    public void An_assignment_whose_server_path_akka_cannot_parse_is_refused_as_bad_input()
    {
        // Found by the fuzzer: a path whose length prefix took in three more bytes, so its uid ended in "\u0003\0\0",
        // made Akka's path parser throw FormatException.
        var assignment = new SessionAssignment(Session, 7, new ProtocolParameters(6, 3, 20, 1000, SecurityMode.Active, 4), 2, new byte[32], 99, TestActor, [], []);
        var bytes = _serializer.ToBinary(assignment);
        var path = System.Text.Encoding.UTF8.GetBytes(Akka.Serialization.Serialization.SerializedActorPath(TestActor));
        var at = bytes.AsSpan().IndexOf(path);
        Assert.True(at > 4);
        // The path is length-prefixed: put the fuzzer's in its place.
        var bad = System.Text.Encoding.UTF8.GetBytes("akka://wire-fuzz-specs/system/testActor1#932189294\u0003\0\0");
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bad.Length);
        bytes = [.. bytes[..(at - 4)], .. length, .. bad, .. bytes[(at + path.Length)..]];

        var error = Assert.Throws<WireFormatException>(() => _serializer.FromBinary(bytes, ClusterWireCodec.AssignmentManifest));
        Assert.Contains("not an actor path", error.Message);
    }

    private FuzzTarget Target(string name) => name switch
    {
        "protocol codec" => new FuzzTarget(name, [.. RealMessages.OnePerTypeAndRun.Select(c => c.Bytes)],
            bytes => ProtocolCodec.Decode(bytes, MaxVectorLength), typeof(WireFormatException), Bound),
        "training payload" => new FuzzTarget(name, [TrainingPayload().Encode(), (TrainingPayload() with { Step = ClusterTrainingStep.Moments, GlobalModel = [] }).Encode()],
            bytes => ClusterTrainingPayload.Decode(bytes), typeof(WireFormatException), Bound),
        _ => SerializerTarget(name),
    };

    private FuzzTarget SerializerTarget(string manifest)
    {
        var seeds = Samples().Where(s => _serializer.Manifest(s) == manifest).Select(_serializer.ToBinary).ToArray();
        Assert.NotEmpty(seeds);
        return new FuzzTarget($"serializer manifest {manifest}", seeds, bytes => _serializer.FromBinary(bytes, manifest), typeof(WireFormatException), Bound);
    }

    private IEnumerable<object> Samples()
    {
        var real = RealMessages.OnePerTypeAndRun.Select(c => c.Original).ToArray();
        foreach (var message in real)
            yield return message;
        foreach (var message in real.OfType<IClientMessage>())
            yield return new ClientMessageAccepted(message);
        yield return new RoundClosed(ServerPhase.Unmasking);
        yield return new SessionConcluded(SecurityMode.Active, 1000, 40, 638_000_000_000_000_000,
            [new(ServerPhase.AdvertiseKeys, [1, 2, 3, 4, 5], 638_000_000_000_000_001), new(ServerPhase.ShareKeys, [1, 2, 3, 4], 0)], null);
        yield return new SessionConcluded(SecurityMode.SemiHonest, 7, 3, 0, [new(ServerPhase.AdvertiseKeys, [1, 2], 0)], "Only 2 survivors of AdvertiseKeys, fewer than t = 3.");
        yield return new ServerRecovered(Session, ServerPhase.ShareKeys);
        var pending = real.OfType<IServerMessage>().Take(3).ToArray();
        yield return new SessionSnapshot(new ServerSessionState(ServerPhase.Unmasking, [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 4]], [1, 2, 4], [], [],
            [7, 8, 9], [1, 2, 4], [new SurvivorSignature(2, new byte[64])], [.. pending.OfType<UnmaskRequest>()], [], new Dictionary<int, byte[]> { [1] = new byte[32], [2] = new byte[32] }), pending);
        var random = new Random(7);
        var encoded = new byte[MessageChunk.PartBytes + 100];
        random.NextBytes(encoded);
        yield return new MessageChunk(Session, 3, 1, 3, encoded[..MessageChunk.PartBytes]);
        yield return new MessageChunk(Session, 3, 2, 3, encoded[MessageChunk.PartBytes..]);

        var nonce = Enumerable.Range(0, 16).Select(i => (byte)(i + 1)).ToArray();
        var challenge = Enumerable.Range(0, 32).Select(i => (byte)(200 - i)).ToArray();
        var signature = Enumerable.Range(0, 64).Select(i => (byte)(i * 3)).ToArray();
        var parameters = new ProtocolParameters(6, 3, 20, 1000, SecurityMode.Active, 4);
        var members = Enumerable.Range(1, 3).Select(i => new SessionMember(i, $"node{i}/client-{i:D4}", $"akka.tcp://secagg@10.0.0.{i}:4054/user/clients/client-{i}#{1000 + i}")).ToArray();
        yield return new RegistrationRequest("node1/client-0001", nonce);
        yield return new RegistrationChallenge("node1/client-0001", nonce, challenge);
        yield return new RegistrationProof("node1/client-0001", challenge, signature);
        yield return new SignedControl("secagg", nonce, "node1/client-0002", Session, ClusterWireCodec.EndedManifest,
            ClusterWireCodec.Encode(new SessionEnded(Session, true, "completed")), signature);
        yield return new ClientRegistered("node1/client-0001");
        yield return new SessionAssignment(Session, 7, parameters, 2, challenge, 99, TestActor, [1, 2, 3], ["node1/client-0001", "node1/client-0002"]);
        yield return new SessionEnded(Session, false, "aborted: 2 of 6 survived");
        yield return new ServerFinished("gave up");
        yield return new ServerFinished(null);
        yield return new ClientNodeSeen("akka.tcp://secagg@10.0.0.3:4054");
        yield return new ClusterSessionOpened(7, Session, parameters, challenge, -12345, TimeSpan.FromSeconds(15), members, [9, 8, 7]);
        yield return new ClusterSessionEnded(3, Session, true, [1, 2, 3]);
        yield return ClusterServerStopped.Instance;
    }

    private static ClusterTrainingPayload TrainingPayload() =>
        new(ClusterTrainingStep.Update, 3, 1, 2, 32, 0.05, 1e-4, [16, 8], 1.0, 16, 500, [1.5, 2.5, 3.5, 4.5], [0.1, -0.2, 0.3, -0.4, 0.5]);
}
