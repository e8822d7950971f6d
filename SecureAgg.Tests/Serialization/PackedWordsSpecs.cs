using SecureAgg.Serialization;

namespace SecureAgg.Tests.Serialization;

/// <summary>Word vectors packed LSB-first at their bit width, for every width 1..64.</summary>
public sealed class PackedWordsSpecs
{
    private static readonly int[] Lengths = [.. Enumerable.Range(0, 71), 100_000];

    private static ulong Mask(int width) => width == 64 ? ulong.MaxValue : (1UL << width) - 1;

    private static ulong[] RandomWords(Random random, int count, int width)
    {
        var words = new ulong[count];
        for (var i = 0; i < count; i++)
            words[i] = ((ulong)random.NextInt64() ^ ((ulong)random.Next() << 63)) & Mask(width);
        if (count > 0)
            words[random.Next(count)] |= 1UL << (width - 1); // so the minimal width is exactly `width`
        return words;
    }

    [Fact]
    public void Every_width_and_length_round_trips_at_its_minimal_width_in_the_promised_size()
    {
        var random = new Random(11);
        var writer = new WireWriter();
        for (var width = 1; width <= 64; width++)
        {
            foreach (var count in Lengths)
            {
                var words = RandomWords(random, count, width);
                writer.Clear();
                writer.WriteWords(words);

                var expectedWidth = count == 0 ? 1 : width;
                Assert.Equal(1 + 4 + ((long)count * expectedWidth + 7) / 8, writer.Length);
                Assert.Equal(writer.Length, WireSize.Words(words));
                Assert.Equal(expectedWidth, writer.WrittenSpan[0]);
                var reader = new WireReader(writer.WrittenSpan);
                var decoded = reader.ReadWords("words");
                reader.EnsureEnd("vector");
                Assert.True(words.AsSpan().SequenceEqual(decoded), $"width {width}, {count} words");
            }
        }
    }

    [Fact]
    public void An_explicit_width_may_exceed_the_minimal_one_but_every_word_must_fit()
    {
        var writer = new WireWriter();
        writer.WriteWords([1, 2, 3], 40);
        Assert.Equal(1 + 4 + 15, writer.Length);
        var reader = new WireReader(writer.WrittenSpan);
        Assert.Equal(new ulong[] { 1, 2, 3 }, reader.ReadWords("words"));

        writer.Clear();
        writer.WriteWords([], 64);
        Assert.Equal(new byte[] { 64, 0, 0, 0, 0 }, writer.ToArray());

        Assert.Throws<ArgumentException>(() => new WireWriter().WriteWords([8], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WireWriter().WriteWords([0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WireWriter().WriteWords([0], 65));
    }

    [Fact]
    public void All_zero_and_empty_vectors_take_width_one()
    {
        Assert.Equal(1, WireSize.WordWidth([]));
        Assert.Equal(1, WireSize.WordWidth(new ulong[1000]));
        Assert.Equal(5 + 125, WireSize.Words(new ulong[1000]));
        Assert.Equal(64, WireSize.WordWidth([0, 1UL << 63]));
    }

    [Fact]
    public void The_layout_is_least_significant_bit_first()
    {
        var writer = new WireWriter();
        writer.WriteWords([1, 2, 3], 3); // 001 010 011 → bits 1,0,0 | 0,1,0 | 1,1,0
        Assert.Equal(new byte[] { 3, 3, 0, 0, 0, 0b1101_0001, 0b0000_0000 }, writer.ToArray());

        writer.Clear();
        writer.WriteWords([0xABC, 0x123]);
        Assert.Equal(new byte[] { 12, 2, 0, 0, 0, 0xBC, 0x3A, 0x12 }, writer.ToArray());

        writer.Clear();
        writer.WriteWords([0x0102, 0x0304], 16);
        Assert.Equal(new byte[] { 16, 2, 0, 0, 0, 0x02, 0x01, 0x04, 0x03 }, writer.ToArray());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void Byte_aligned_fast_paths_agree_with_the_generic_bit_packer(int width)
    {
        var random = new Random(width);
        foreach (var count in Lengths)
        {
            var words = RandomWords(random, count, width);
            var size = (int)PackedWords.PayloadBytes(count, width);
            var fast = new byte[size];
            var generic = new byte[size];
            PackedWords.Pack(words, width, fast);
            PackedWords.PackGeneric(words, width, generic);
            Assert.Equal(generic, fast);

            var fastBack = new ulong[count];
            var genericBack = new ulong[count];
            PackedWords.Unpack(fast, width, fastBack);
            PackedWords.UnpackGeneric(fast, width, genericBack);
            Assert.Equal(words, fastBack);
            Assert.Equal(words, genericBack);
        }
    }

    [Fact]
    public void Widths_zero_and_above_64_are_rejected()
    {
        foreach (var width in new byte[] { 0, 65, 128, 255 })
        {
            byte[] bytes = [width, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
            var error = Assert.Throws<WireFormatException>(() => new WireReader(bytes).ReadWords("vector"));
            Assert.Contains("width", error.Message);
            Assert.Equal("vector", error.Field);
            Assert.Equal(0, error.Offset);
        }
    }

    [Fact]
    public void Non_zero_padding_bits_are_rejected()
    {
        for (var width = 1; width <= 64; width++)
        {
            for (var count = 1; count <= 9; count++)
            {
                var usedBits = count * width % 8;
                if (usedBits == 0)
                    continue;
                var writer = new WireWriter();
                writer.WriteWords(new ulong[count], width);
                var bytes = writer.ToArray();
                for (var bit = usedBits; bit < 8; bit++)
                {
                    var corrupt = (byte[])bytes.Clone();
                    corrupt[^1] |= (byte)(1 << bit);
                    var error = Assert.Throws<WireFormatException>(() => new WireReader(corrupt).ReadWords("vector"));
                    Assert.Contains("padding", error.Message);
                }
            }
        }
    }

    [Fact]
    public void A_vector_count_above_the_cap_or_the_bytes_present_is_rejected_without_allocating()
    {
        foreach (var (width, count) in new[] { (64, int.MaxValue), (1, int.MaxValue), (1, WireLimits.MaxVectorLength), (64, 1 << 20), (8, -1) })
        {
            var writer = new WireWriter();
            writer.WriteByte((byte)width);
            writer.WriteInt32(count);
            writer.WriteRaw(new byte[64]);
            var bytes = writer.ToArray();
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<WireFormatException>(() => new WireReader(bytes).ReadWords("vector"));
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024, $"width {width} count {count} allocated");
        }

        var ok = new WireWriter();
        ok.WriteWords(new ulong[1000]);
        Assert.Throws<WireFormatException>(() => new WireReader(ok.WrittenSpan).ReadWords("vector", maxCount: 999));
    }
}
