using SecureAgg.Actors.Transport;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Tests.Transport;

/// <summary>
/// Masked inputs larger than a part cross the network in parts and are put back together exactly; parts that do not
/// fit the session (out of order, repeated, oversized, too many, from another client's message) are refused.
/// </summary>
public sealed class ChunkAssemblySpecs
{
    // 200,000 words of 32 bits: about 800 KB, four parts.
    private static readonly ProtocolParameters Parameters = ProtocolParameters.WithDefaults(5, 200_000, bits: 32);
    private static readonly SessionId Session = SessionId.New();

    private static MaskedInput Input(int sender, int seed = 1)
    {
        var random = new Random(seed);
        return new MaskedInput(Session, sender, Enumerable.Range(0, Parameters.VectorLength).Select(_ => (ulong)random.NextInt64(1L << 32)).ToArray());
    }

    private static MessageChunk[] Parts(MaskedInput input) => MessageChunks.Split(input).Cast<MessageChunk>().ToArray();

    [Fact]
    public void A_message_that_fits_in_one_part_goes_whole()
    {
        var small = new MaskedInput(Session, 1, new ulong[1000]);

        Assert.Same(small, Assert.Single(MessageChunks.Split(small)));
    }

    [Fact]
    public void A_large_masked_input_goes_in_parts_and_comes_back_exactly()
    {
        var input = Input(2);
        var parts = Parts(input);
        var assembly = ChunkAssembly.For(Parameters);

        Assert.Equal(4, parts.Length);
        Assert.All(parts, p => Assert.True(p.Part.Length <= MessageChunk.PartBytes));
        foreach (var part in parts[..^1])
            Assert.Null(assembly.Add(part));
        var back = Assert.IsType<MaskedInput>(assembly.Add(parts[^1]));
        Assert.Equal(input.Vector, back.Vector);
        Assert.Equal(2, back.Sender);
        Assert.Equal(0, assembly.BytesHeld);
    }

    [Fact]
    public void Two_clients_parts_interleaved_are_assembled_apart()
    {
        var (first, second) = (Input(1, seed: 1), Input(2, seed: 2));
        var assembly = ChunkAssembly.For(Parameters);
        var done = new List<IClientMessage>();

        foreach (var (a, b) in Parts(first).Zip(Parts(second)))
        {
            if (assembly.Add(a) is { } one)
                done.Add(one);
            if (assembly.Add(b) is { } two)
                done.Add(two);
        }

        Assert.Equal(first.Vector, Assert.IsType<MaskedInput>(done[0]).Vector);
        Assert.Equal(second.Vector, Assert.IsType<MaskedInput>(done[1]).Vector);
    }

    [Fact]
    public void A_part_out_of_order_or_repeated_is_refused_and_the_partial_message_dropped()
    {
        var parts = Parts(Input(1));
        var assembly = ChunkAssembly.For(Parameters);

        Assert.Throws<WireFormatException>(() => assembly.Add(parts[1]));
        Assert.Null(assembly.Add(parts[0]));
        Assert.Throws<WireFormatException>(() => assembly.Add(parts[0]));
        Assert.Equal(0, assembly.BytesHeld);
    }

    [Fact]
    public void More_parts_than_the_sessions_largest_message_are_refused_before_anything_is_held()
    {
        var assembly = ChunkAssembly.For(Parameters);
        var forged = new MessageChunk(Session, 1, 0, assembly.MaxParts + 1, new byte[MessageChunk.PartBytes]);

        Assert.Throws<WireFormatException>(() => assembly.Add(forged));
        Assert.Equal(0, assembly.BytesHeld);
    }

    [Fact]
    public void A_short_part_before_the_last_is_refused()
    {
        var parts = Parts(Input(1));
        var assembly = ChunkAssembly.For(Parameters);

        Assert.Throws<WireFormatException>(() => assembly.Add(parts[0] with { Part = parts[0].Part[..1000] }));
    }

    [Fact]
    public void Parts_of_another_clients_message_are_refused_when_they_claim_to_be_this_clients()
    {
        // Client 3 replays client 1's masked input under its own id: the reassembled message names client 1.
        var parts = Parts(Input(1)).Select(p => p with { Sender = 3 }).ToArray();
        var assembly = ChunkAssembly.For(Parameters);

        foreach (var part in parts[..^1])
            assembly.Add(part);
        Assert.Throws<WireFormatException>(() => assembly.Add(parts[^1]));
    }

    [Fact]
    public void A_vector_longer_than_the_sessions_m_is_refused_on_assembly()
    {
        var longer = ProtocolParameters.WithDefaults(5, 260_000, bits: 32);
        var random = new Random(3);
        var input = new MaskedInput(Session, 1, Enumerable.Range(0, longer.VectorLength).Select(_ => (ulong)random.NextInt64(1L << 32)).ToArray());
        var parts = Parts(input);
        // Assembled under a session whose m is 200,000 but with room for the bytes: the decoder's cap refuses it.
        var assembly = new ChunkAssembly(ChunkAssembly.MaskedInputBytes(longer), Parameters.VectorLength);

        foreach (var part in parts[..^1])
            assembly.Add(part);
        Assert.Throws<WireFormatException>(() => assembly.Add(parts[^1]));
    }

    [Fact]
    public void A_share_message_larger_than_a_part_of_a_session_with_short_vectors_is_assembled_too()
    {
        // n = 2000, m = 10: the masked input is tiny, but ShareKeys (two encrypted shares per neighbour) is not.
        var parameters = ProtocolParameters.WithDefaults(2000, 10, bits: 32);
        var random = new Random(5);
        var ciphertexts = Enumerable.Range(2, 1999).Select(to => new EncryptedShare(to, RandomBytes(random, 200))).ToArray();
        var shares = new ShareKeys(Session, 1, ciphertexts, new byte[32]);
        var parts = MessageChunks.Split(shares).Cast<MessageChunk>().ToArray();
        var assembly = ChunkAssembly.For(parameters);

        Assert.True(parts.Length > 1);
        foreach (var part in parts[..^1])
            Assert.Null(assembly.Add(part));
        var back = Assert.IsType<ShareKeys>(assembly.Add(parts[^1]));
        Assert.Equal(1999, back.Shares.Count);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void A_part_round_trips_on_the_wire_and_malformed_parts_are_refused()
    {
        var part = Parts(Input(1))[1];

        var back = MessageChunk.Decode(part.Encode());
        Assert.Equal((part.Session, part.Sender, part.Index, part.Count), (back.Session, back.Sender, back.Index, back.Count));
        Assert.Equal(part.Part, back.Part);
        Assert.Throws<WireFormatException>(() => MessageChunk.Decode((part with { Index = part.Count }).Encode()));
        Assert.Throws<WireFormatException>(() => MessageChunk.Decode((part with { Count = 1, Index = 0 }).Encode()));
        Assert.Throws<WireFormatException>(() => MessageChunk.Decode((part with { Part = [] }).Encode()));
        Assert.Throws<WireFormatException>(() => MessageChunk.Decode(part.Encode()[..^1]));
        Assert.Throws<WireFormatException>(() => MessageChunk.Decode([.. part.Encode(), 0]));
    }
}
