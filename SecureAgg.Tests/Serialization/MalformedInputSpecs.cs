using SecureAgg.Crypto;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Tests.Serialization;

/// <summary>Hostile or damaged bytes: decoding throws <see cref="WireFormatException"/> and nothing else, and never allocates on trust.</summary>
public sealed class MalformedInputSpecs
{
    private static readonly SessionId Session = SessionId.New();

    private static WireWriter Header(ProtocolMessageTag tag, int client = 1)
    {
        var writer = new WireWriter();
        writer.WriteByte((byte)tag);
        writer.WriteSession(Session);
        writer.WriteInt32(client);
        return writer;
    }

    [Fact]
    public void Every_truncation_of_a_valid_encoding_throws_a_wire_format_exception()
    {
        var checkedPrefixes = 0;
        foreach (var capture in RealMessages.OnePerTypeAndRun)
        {
            for (var length = 0; length < capture.Bytes.Length; length++)
            {
                var prefix = capture.Bytes.AsSpan(0, length).ToArray();
                var error = Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(prefix));
                Assert.False(string.IsNullOrEmpty(error.Message));
                checkedPrefixes++;
            }
        }
        Assert.True(checkedPrefixes > 1000);
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        foreach (var capture in RealMessages.OnePerTypeAndRun)
        {
            byte[] longer = [.. capture.Bytes, 0];
            var error = Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(longer));
            Assert.Contains("trailing", error.Message);
            Assert.Equal(capture.Bytes.Length, error.Offset);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(127)]
    [InlineData(255)]
    public void Unknown_tags_are_rejected(byte tag)
    {
        var bytes = ProtocolCodec.Encode(new ConsistencySignature(Session, 1, [1, 2, 3]));
        bytes[0] = tag;
        var error = Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(bytes));
        Assert.Contains("unknown protocol message tag", error.Message);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void A_manifest_that_disagrees_with_the_tag_or_is_unknown_is_rejected()
    {
        var bytes = ProtocolCodec.Encode(new ConsistencySignature(Session, 1, [1, 2, 3]));
        Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(bytes, "MaskedInput"));
        Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(bytes, "Bogus"));
        Assert.IsType<ConsistencySignature>(ProtocolCodec.Decode(bytes, "ConsistencySignature"));
    }

    [Fact]
    public void A_share_keys_commitment_of_the_wrong_length_or_none_is_rejected_and_only_the_journal_may_lack_it()
    {
        var bytes = ProtocolCodec.Encode(new ShareKeys(Session, 1, [new EncryptedShare(2, [1, 2, 3])], new byte[SeedCommitment.Size]));
        var withoutCommitment = bytes[..^(4 + SeedCommitment.Size)];

        foreach (var length in new[] { 0, 31, 33, -1, int.MaxValue })
        {
            var w = new WireWriter();
            w.WriteRaw(withoutCommitment);
            w.WriteInt32(length);
            w.WriteRaw(new byte[Math.Clamp(length, 0, 64)]);
            var error = Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(w.ToArray()));
            Assert.Equal("ShareKeys.SelfMaskCommitment", error.Field);
            Assert.Throws<WireFormatException>(() => ProtocolCodec.DecodeJournalled(w.ToArray()));
        }
        Assert.Equal("ShareKeys.SelfMaskCommitment", Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(withoutCommitment)).Field);
        Assert.Null(Assert.IsType<ShareKeys>(ProtocolCodec.DecodeJournalled(withoutCommitment)).SelfMaskCommitment);
        Assert.Equal(new byte[SeedCommitment.Size], Assert.IsType<ShareKeys>(ProtocolCodec.DecodeJournalled(bytes)).SelfMaskCommitment);
    }

    [Fact]
    public void A_signature_flag_other_than_0_or_1_is_rejected()
    {
        var bytes = ProtocolCodec.Encode(new AdvertiseKeys(Session, 1, [1], [2], null));
        bytes[^1] = 2;
        var error = Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(bytes));
        Assert.Contains("0 or 1", error.Message);
    }

    public static TheoryData<string, byte[]> HugeCounts()
    {
        var data = new TheoryData<string, byte[]>();
        foreach (var count in new[] { int.MaxValue, WireLimits.MaxEntryCount, 1 << 20, -1, int.MinValue })
        {
            var w = Header(ProtocolMessageTag.ConsistencyCheckRequest);
            w.WriteInt32(count);
            data.Add($"id array {count}", w.ToArray());

            w = Header(ProtocolMessageTag.ConsistencySignature);
            w.WriteInt32(count);
            w.WriteRaw(new byte[16]);
            data.Add($"signature length {count}", w.ToArray());

            w = Header(ProtocolMessageTag.KeysAdvertised);
            w.WriteInt32(count);
            data.Add($"advertised keys {count}", w.ToArray());

            w = Header(ProtocolMessageTag.ShareKeys);
            w.WriteInt32(count);
            w.WriteRaw(new byte[16]);
            data.Add($"share keys {count}", w.ToArray());

            w = Header(ProtocolMessageTag.SharesForwarded);
            w.WriteInt32(1);
            w.WriteInt32(2);
            w.WriteInt32(count);
            data.Add($"forwarded ciphertext {count}", w.ToArray());

            w = Header(ProtocolMessageTag.MaskedInput);
            w.WriteByte(1);
            w.WriteInt32(count);
            w.WriteRaw(new byte[16]);
            data.Add($"masked input {count}", w.ToArray());

            w = Header(ProtocolMessageTag.UnmaskRequest);
            w.WriteInt32Array([1, 2]);
            w.WriteInt32Array([]);
            w.WriteInt32(count);
            data.Add($"unmask signatures {count}", w.ToArray());

            w = Header(ProtocolMessageTag.UnmaskResponse);
            w.WriteInt32(1);
            w.WriteInt32(5);
            w.WriteInt32(count);
            data.Add($"share words {count}", w.ToArray());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HugeCounts))]
    public void Huge_or_negative_counts_are_rejected_without_allocating(string what, byte[] bytes)
    {
        ProtocolCodec.Decode(ProtocolCodec.Encode(new ConsistencySignature(Session, 1, [1]))); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(bytes));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 1024, $"{what}: {allocated} bytes allocated");
        Assert.True(error.Offset >= ProtocolCodec.HeaderSize, $"{what}: {error.Message}");
    }

    [Fact]
    public void A_caller_can_cap_the_vector_length_below_the_global_limit()
    {
        var bytes = ProtocolCodec.Encode(new MaskedInput(Session, 1, new ulong[1000]));
        Assert.Equal(1000, ((MaskedInput)ProtocolCodec.Decode(bytes, maxVectorLength: 1000)).Vector.Length);
        var error = Assert.Throws<WireFormatException>(() => ProtocolCodec.Decode(bytes, maxVectorLength: 999));
        Assert.Contains("limit of 999", error.Message);
    }

    [Fact]
    public void Random_bytes_and_mutated_encodings_decode_or_throw_wire_format_exceptions_only()
    {
        var random = new Random(2024);
        var valid = RealMessages.OnePerTypeAndRun.Select(c => c.Bytes).ToArray();
        var decodedCount = 0;
        for (var i = 0; i < 6000; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, 160)];
                random.NextBytes(bytes);
                if (bytes.Length > 0 && i % 4 == 0)
                    bytes[0] = (byte)random.Next(1, 10);
            }
            else
            {
                var source = valid[random.Next(valid.Length)];
                bytes = (byte[])source.Clone();
                var edits = random.Next(1, 4);
                for (var e = 0; e < edits; e++)
                {
                    var at = random.Next(bytes.Length);
                    bytes[at] = random.Next(3) switch
                    {
                        0 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                        1 => (byte)random.Next(256),
                        _ => (byte)(bytes[at] + random.Next(-2, 3)),
                    };
                }
            }

            IProtocolMessage decoded;
            try
            {
                decoded = ProtocolCodec.Decode(bytes);
            }
            catch (WireFormatException)
            {
                continue;
            }
            catch (Exception other)
            {
                Assert.Fail($"Input {i} ({Convert.ToHexString(bytes)}) threw {other.GetType().Name}: {other.Message}");
                throw;
            }
            decodedCount++;
            var again = ProtocolCodec.Encode(decoded);
            Assert.Equal(again.Length, ProtocolCodec.EncodedSize(decoded));
            MessageAssert.Equal(decoded, ProtocolCodec.Decode(again));
        }
        Assert.True(decodedCount > 0, "no mutated encoding decoded at all: the mutations are too destructive to be informative");
    }
}
