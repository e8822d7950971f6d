using Akka.Configuration;
using Akka.Serialization;
using SecureAgg.Actors;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Tests.Actors;

public sealed class SecAggSerializerSpecs() : Akka.TestKit.Xunit2.TestKit(
    ConfigurationFactory.ParseString("secagg.serialization.max-vector-length = 1000").WithFallback(SecAggActorConfig.Serialization()),
    "serializer-specs")
{
    private object RoundTrip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<SecAggSerializer>(serializer);
        var manifest = ((SerializerWithStringManifest)serializer).Manifest(message);
        return Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    [Fact]
    public void Protocol_messages_journal_events_and_recovery_notices_use_the_SecAgg_serializer_and_round_trip()
    {
        var session = SessionId.New();
        var input = new MaskedInput(session, 3, [1, 2, 3, 1UL << 31]);

        var back = Assert.IsType<MaskedInput>(RoundTrip(input));
        Assert.Equal(input.Vector, back.Vector);
        Assert.Equal(session, back.Session);

        var accepted = Assert.IsType<ClientMessageAccepted>(RoundTrip(new ClientMessageAccepted(input)));
        Assert.Equal(input.Vector, Assert.IsType<MaskedInput>(accepted.Message).Vector);
        Assert.Equal(new RoundClosed(ServerPhase.Unmasking), RoundTrip(new RoundClosed(ServerPhase.Unmasking)));
        Assert.Equal(new ServerRecovered(session, ServerPhase.ShareKeys), RoundTrip(new ServerRecovered(session, ServerPhase.ShareKeys)));
    }

    [Fact]
    public void A_session_summary_round_trips_with_its_sets_times_and_abort_reason()
    {
        var summary = new SessionConcluded(SecurityMode.Active, 300, 41, 638_000_000_000_000_000,
            [new(ServerPhase.AdvertiseKeys, [1, 2, 3], 638_000_000_000_000_007), new(ServerPhase.ShareKeys, [1, 3], 0)], "Only 2 survivors of ShareKeys, fewer than t = 3.");

        var back = Assert.IsType<SessionConcluded>(RoundTrip(summary));

        Assert.Equal((summary.Mode, summary.VectorLength, summary.Events, summary.StartedAt, summary.AbortReason), (back.Mode, back.VectorLength, back.Events, back.StartedAt, back.AbortReason));
        Assert.Equal(summary.Phases.Select(p => (p.Phase, string.Join(",", p.Accepted), p.ClosedAt)), back.Phases.Select(p => (p.Phase, string.Join(",", p.Accepted), p.ClosedAt)));
        Assert.True(Assert.IsType<SessionConcluded>(RoundTrip(summary with { AbortReason = null })).Completed);
    }

    [Fact]
    public void Corrupt_bytes_an_unknown_manifest_and_an_oversized_vector_are_refused()
    {
        var serializer = (SecAggSerializer)Sys.Serialization.FindSerializerForType(typeof(MaskedInput));
        var bytes = serializer.ToBinary(new MaskedInput(SessionId.New(), 1, new ulong[1001]));

        Assert.Throws<WireFormatException>(() => serializer.FromBinary(bytes, "P"));
        Assert.Throws<WireFormatException>(() => serializer.FromBinary(bytes[..^3], "P"));
        Assert.Throws<WireFormatException>(() => serializer.FromBinary(bytes, "no-such-manifest"));
        Assert.Throws<WireFormatException>(() => serializer.FromBinary([9], "C"));
    }

    [Fact]
    public void The_network_cap_on_vectors_does_not_refuse_the_servers_own_journal_of_a_longer_session()
    {
        // A server restarted with a smaller --length must still replay the open session an earlier run journalled.
        var serializer = (SecAggSerializer)Sys.Serialization.FindSerializerForType(typeof(MaskedInput));
        var input = new MaskedInput(SessionId.New(), 1, Enumerable.Range(0, 5000).Select(i => (ulong)i).ToArray());
        var journalled = serializer.ToBinary(new ClientMessageAccepted(input));

        var replayed = Assert.IsType<ClientMessageAccepted>(serializer.FromBinary(journalled, serializer.Manifest(new ClientMessageAccepted(input))));
        Assert.Equal(input.Vector, ((MaskedInput)replayed.Message).Vector);
        Assert.Throws<WireFormatException>(() => serializer.FromBinary(serializer.ToBinary(input), serializer.Manifest(input)));
    }

    [Fact]
    public void A_share_keys_journalled_before_commitments_replays_from_the_journal_but_is_refused_from_the_network()
    {
        var serializer = (SecAggSerializer)Sys.Serialization.FindSerializerForType(typeof(ShareKeys));
        var current = new ShareKeys(SessionId.New(), 2, [new EncryptedShare(1, new byte[ShareEnvelope.CiphertextSize])], Enumerable.Repeat((byte)9, 32).ToArray());
        var journalled = serializer.ToBinary(new ClientMessageAccepted(current));
        var older = journalled[..^(4 + SeedCommitment.Size)];

        var replayed = Assert.IsType<ShareKeys>(Assert.IsType<ClientMessageAccepted>(serializer.FromBinary(older, "A")).Message);
        Assert.Null(replayed.SelfMaskCommitment);
        Assert.Equal(current.Shares[0].Ciphertext, Assert.Single(replayed.Shares).Ciphertext);
        Assert.Throws<WireFormatException>(() => serializer.FromBinary(older, "P"));
        var back = Assert.IsType<ShareKeys>(Assert.IsType<ClientMessageAccepted>(serializer.FromBinary(journalled, "A")).Message);
        Assert.Equal(current.SelfMaskCommitment, back.SelfMaskCommitment);
    }

    [Fact]
    public void A_session_snapshot_written_before_commitments_decodes_with_none()
    {
        var state = new ServerSessionState(ServerPhase.Unmasking, [[1, 2, 3], [1, 2, 3], [1, 2, 3]], [1, 2, 3], [], [], [4, 5], [1, 2, 3], [], [], [],
            new Dictionary<int, byte[]>());
        var bytes = SessionSnapshotCodec.Encode(new SessionSnapshot(state, []));

        // The older layout is the same bytes without the trailing commitment count.
        var back = SessionSnapshotCodec.Decode(bytes[..^4], 100);

        Assert.Empty(back.State.SelfMaskCommitments);
        Assert.Equal(state.MaskedSum, back.State.MaskedSum);
        Assert.Throws<WireFormatException>(() => SessionSnapshotCodec.Decode([.. bytes, 0], 100));
    }

    [Fact]
    public void A_session_snapshot_round_trips_with_its_state_and_pending_requests()
    {
        var result = SecureAgg.Simulation.LocalRound.Run(ProtocolParameters.WithDefaults(5, 40, mode: SecurityMode.Active), SecureAgg.Simulation.DropoutPlan.None);
        Assert.True(result.Verified);
        var session = SessionId.New();
        var graph = NeighbourGraph.Complete(5);
        var state = new ServerSessionState(ServerPhase.Unmasking, [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 4]], [1, 2, 4], [], [],
            [7, 8, 9], [1, 2, 4], [new SurvivorSignature(2, new byte[64])], [new UnmaskRequest(session, 1, [1, 2, 4], [3, 5], [])],
            result.UnmaskResponses.Take(2).ToArray(), new Dictionary<int, byte[]> { [1] = new byte[32], [4] = Enumerable.Repeat((byte)7, 32).ToArray() });
        var snapshot = new SessionSnapshot(state, [new UnmaskRequest(session, 1, [1, 2, 4], [3, 5], [])]);

        var back = Assert.IsType<SessionSnapshot>(RoundTrip(snapshot));

        Assert.Equal(ServerPhase.Unmasking, back.State.Phase);
        Assert.Equal(state.Survivors.Select(u => string.Join(',', u)), back.State.Survivors.Select(u => string.Join(',', u)));
        Assert.Equal(state.MaskedSum, back.State.MaskedSum);
        Assert.Equal(2, back.State.UnmaskResponses.Count);
        Assert.Equal([3, 5], Assert.IsType<UnmaskRequest>(Assert.Single(back.LastOutgoing)).Dropped);
        Assert.Equal(2, Assert.Single(back.State.Signatures).Signer);
        Assert.Equal([1, 4], back.State.SelfMaskCommitments.Keys);
        Assert.Equal(Enumerable.Repeat((byte)7, 32), back.State.SelfMaskCommitments[4]);
    }
}
