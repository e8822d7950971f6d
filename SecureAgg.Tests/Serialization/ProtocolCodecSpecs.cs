using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Tests.Serialization;

/// <summary>Every protocol message survives encoding exactly, and its encoded size is known without encoding.</summary>
public sealed class ProtocolCodecSpecs
{
    [Fact]
    public void Rounds_whose_messages_all_cross_the_codec_still_verify()
    {
        foreach (var run in RealMessages.Runs)
        {
            Assert.True(run.Result.Verified, $"{run.Name}: the round did not verify (abort: {run.Result.Abort})");
            Assert.Empty(run.Result.ClientErrors);
        }
    }

    [Fact]
    public void Every_message_type_of_both_modes_round_trips_field_by_field()
    {
        var seen = new HashSet<ProtocolMessageTag>();
        foreach (var capture in RealMessages.All)
        {
            MessageAssert.Equal(capture.Original, capture.Decoded);
            MessageAssert.Equal(capture.Original, ProtocolCodec.Decode(capture.Bytes, ProtocolCodec.Manifest(capture.Original)));
            Assert.Equal(capture.Bytes, ProtocolCodec.Encode(capture.Decoded));
            seen.Add(ProtocolCodec.TagOf(capture.Original));
        }
        Assert.Equal(Enum.GetValues<ProtocolMessageTag>().ToHashSet(), seen);

        var advertised = RealMessages.All.Select(c => c.Original).OfType<AdvertiseKeys>().ToArray();
        Assert.Contains(advertised, k => k.Signature is null);
        Assert.Contains(advertised, k => k.Signature is not null);
        var requests = RealMessages.All.Select(c => c.Original).OfType<UnmaskRequest>().ToArray();
        Assert.Contains(requests, r => r.Dropped.Length > 0);
        Assert.Contains(requests, r => r.Signatures.Count > 0);
        var responses = RealMessages.All.Select(c => c.Original).OfType<UnmaskResponse>().ToArray();
        Assert.Contains(responses, r => r.MaskingKeyShares.Count > 0);
    }

    [Fact]
    public void Encoded_size_and_payload_size_are_exact_without_encoding()
    {
        foreach (var capture in RealMessages.All)
        {
            Assert.Equal(capture.Bytes.Length, ProtocolCodec.EncodedSize(capture.Original));
            Assert.Equal(capture.Bytes.Length, PayloadSize.Of(capture.Original, 32));
        }
        foreach (var run in RealMessages.Runs)
        {
            var clientBytes = run.Messages.Where(c => c.Original is IClientMessage).Sum(c => (long)c.Bytes.Length);
            Assert.Equal(clientBytes, run.Result.ClientBytesSent);
        }
    }

    [Fact]
    public void The_header_is_tag_session_and_client_id()
    {
        foreach (var capture in RealMessages.OnePerTypeAndRun)
        {
            var bytes = capture.Bytes;
            Assert.Equal((byte)ProtocolCodec.TagOf(capture.Original), bytes[0]);
            Assert.Equal(capture.Original.Session.Value, new Guid(bytes.AsSpan(1, 16)));
            var id = capture.Original is IClientMessage c ? c.Sender : ((IServerMessage)capture.Original).Recipient;
            Assert.Equal(id, BitConverter.ToInt32(bytes, 17));
        }
    }

    [Fact]
    public void A_masked_input_of_100000_words_at_32_bits_takes_400000_bytes_and_a_small_header()
    {
        var random = new Random(7);
        var vector = new ulong[100_000];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = (ulong)random.NextInt64() & 0xFFFF_FFFF;
        vector[12_345] = 0xFFFF_FFFF;
        var input = new MaskedInput(SessionId.New(), 42, vector);

        var bytes = ProtocolCodec.Encode(input);

        Assert.Equal(ProtocolCodec.HeaderSize + 1 + 4 + 400_000, bytes.Length);
        Assert.Equal(400_026, bytes.Length);
        Assert.Equal(32, bytes[ProtocolCodec.HeaderSize]);
        Assert.Equal(bytes.Length, ProtocolCodec.EncodedSize(input));
        MessageAssert.Equal(input, ProtocolCodec.Decode(bytes));
    }

    [Fact]
    public void Hand_made_edge_cases_round_trip()
    {
        var session = SessionId.New();
        var other = SessionId.New();
        IProtocolMessage[] messages =
        [
            new AdvertiseKeys(session, 1, [], [], null),
            new AdvertiseKeys(session, -5, [1, 2, 3], [4], []),
            new KeysAdvertised(session, 9, []),
            new KeysAdvertised(session, 9, [new AdvertiseKeys(other, 3, [7], [8], null), new AdvertiseKeys(session, 4, [], [9], [10, 11])]),
            new ShareKeys(session, int.MaxValue, [], new byte[32]),
            new ShareKeys(session, 2, [new EncryptedShare(int.MinValue, []), new EncryptedShare(3, [1, 2])], Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
            new SharesForwarded(session, 2, [new ForwardedShare(1, new byte[100])]),
            new MaskedInput(session, 1, []),
            new MaskedInput(session, 1, [0, 0, 0]),
            new MaskedInput(session, 1, [ulong.MaxValue, 0, 1UL << 63]),
            new ConsistencyCheckRequest(session, 1, []),
            new ConsistencyCheckRequest(session, 1, [1, -2, int.MaxValue]),
            new ConsistencySignature(session, 1, []),
            new UnmaskRequest(session, 1, [], [], []),
            new UnmaskRequest(session, 1, [1, 2], [3], [new SurvivorSignature(1, [5]), new SurvivorSignature(2, [])]),
            new UnmaskResponse(session, 1, [], []),
            new UnmaskResponse(session, 1, [new RevealedShare(2, [])], [new RevealedShare(3, [ulong.MaxValue, 1, 2, 3, 4])]),
        ];
        foreach (var message in messages)
        {
            var bytes = ProtocolCodec.Encode(message);
            Assert.Equal(bytes.Length, ProtocolCodec.EncodedSize(message));
            MessageAssert.Equal(message, ProtocolCodec.Decode(bytes));

            // Nested inside another encoding, with and without a length prefix.
            var writer = new WireWriter(4);
            writer.WriteInt32(77);
            ProtocolCodec.Write(writer, message);
            writer.WriteBytes(bytes);
            writer.WriteInt32(78);
            var reader = new WireReader(writer.WrittenSpan);
            Assert.Equal(77, reader.ReadInt32("before"));
            MessageAssert.Equal(message, ProtocolCodec.Read(ref reader));
            MessageAssert.Equal(message, ProtocolCodec.Decode(reader.ReadBytesSpan("blob")));
            Assert.Equal(78, reader.ReadInt32("after"));
            reader.EnsureEnd("test record");
        }
    }

    [Fact]
    public void Manifests_are_the_record_names_and_map_back_to_tags()
    {
        foreach (var tag in Enum.GetValues<ProtocolMessageTag>())
        {
            var manifest = ProtocolCodec.Manifest(tag);
            Assert.Equal(tag.ToString(), manifest);
            Assert.True(ProtocolCodec.TryGetTag(manifest, out var back));
            Assert.Equal(tag, back);
        }
        Assert.False(ProtocolCodec.TryGetTag("", out _));
        Assert.False(ProtocolCodec.TryGetTag(null, out _));
        Assert.False(ProtocolCodec.TryGetTag("Nope", out _));
        Assert.Equal("MaskedInput", ProtocolCodec.Manifest(new MaskedInput(SessionId.New(), 1, [])));
    }

    [Fact]
    public void Messages_that_cannot_be_encoded_are_refused_before_any_byte_is_written()
    {
        var session = SessionId.New();
        Assert.Throws<ArgumentException>(() => ProtocolCodec.Encode(new ConsistencySignature(session, 1, null!)));
        Assert.Throws<ArgumentException>(() => ProtocolCodec.EncodedSize(new ShareKeys(session, 1, [null!], new byte[32])));
        Assert.Throws<ArgumentException>(() => ProtocolCodec.EncodedSize(new ShareKeys(session, 1, [], null)));
        Assert.Throws<ArgumentException>(() => ProtocolCodec.Encode(new ShareKeys(session, 1, [], new byte[31])));
        Assert.Throws<ArgumentException>(() => ProtocolCodec.Encode(new UnmaskResponse(session, 1, [new RevealedShare(1, new ulong[ProtocolCodec.MaxShareWords + 1])], [])));
        Assert.Throws<ArgumentNullException>(() => ProtocolCodec.Encode(null!));
        Assert.Throws<ArgumentException>(() => ProtocolCodec.Encode(new Foreign()));
    }

    private sealed record Foreign : IProtocolMessage
    {
        public SessionId Session => default;

        public ProtocolRound Round => ProtocolRound.AdvertiseKeys;
    }
}
