using SecureAgg.Crypto;
using SecureAgg.Serialization;

namespace SecureAgg.Tests.Serialization;

/// <summary>The reusable primitives: little-endian fields, length-prefixed arrays, limits and clear errors.</summary>
public sealed class WireWriterReaderSpecs
{
    [Fact]
    public void Primitives_round_trip_little_endian_and_grow_the_buffer()
    {
        var session = SessionId.New();
        var guid = Guid.NewGuid();
        var writer = new WireWriter(0);
        writer.WriteByte(0xAB);
        writer.WriteBoolean(true);
        writer.WriteBoolean(false);
        writer.WriteInt32(-2);
        writer.WriteUInt32(0x01020304);
        writer.WriteInt64(long.MinValue);
        writer.WriteUInt64(0x0102030405060708);
        writer.WriteGuid(guid);
        writer.WriteSession(session);
        writer.WriteBytes([9, 8, 7]);
        writer.WriteBytes(new byte[1000]);
        writer.WriteInt32Array([1, -1, int.MaxValue]);
        writer.WriteUInt64Array([ulong.MaxValue, 5]);
        writer.WriteRaw([1, 2]);

        var bytes = writer.ToArray();
        Assert.Equal(new byte[] { 0x04, 0x03, 0x02, 0x01 }, bytes.AsSpan(7, 4).ToArray());
        Assert.Equal(1 + 1 + 1 + 4 + 4 + 8 + 8 + 16 + 16 + WireSize.Bytes(3) + WireSize.Bytes(1000) + WireSize.Int32Array(3) + WireSize.UInt64Array(2) + 2, bytes.Length);

        var reader = new WireReader(bytes);
        Assert.Equal(0xAB, reader.ReadByte("a"));
        Assert.True(reader.ReadBoolean("b"));
        Assert.False(reader.ReadBoolean("c"));
        Assert.Equal(-2, reader.ReadInt32("d"));
        Assert.Equal(0x01020304u, reader.ReadUInt32("e"));
        Assert.Equal(long.MinValue, reader.ReadInt64("f"));
        Assert.Equal(0x0102030405060708ul, reader.ReadUInt64("g"));
        Assert.Equal(guid, reader.ReadGuid("h"));
        Assert.Equal(session, reader.ReadSession("i"));
        Assert.Equal(new byte[] { 9, 8, 7 }, reader.ReadBytes("j"));
        Assert.Equal(1000, reader.ReadBytesSpan("k").Length);
        Assert.Equal(new[] { 1, -1, int.MaxValue }, reader.ReadInt32Array("l"));
        Assert.Equal(new ulong[] { ulong.MaxValue, 5 }, reader.ReadUInt64Array("m"));
        Assert.False(reader.IsAtEnd);
        var offset = reader.Offset;
        Assert.Throws<WireFormatException>(() => Consume(bytes, offset));
        Assert.Equal(new byte[] { 1, 2 }, reader.ReadRaw(2, "n").ToArray());
        Assert.True(reader.IsAtEnd);
        reader.EnsureEnd("record");
    }

    private static void Consume(byte[] bytes, int offset)
    {
        var reader = new WireReader(bytes.AsSpan(offset));
        reader.ReadRaw(2, "raw");
        reader.ReadByte("past the end");
    }

    [Fact]
    public void Errors_name_the_field_and_the_offset()
    {
        byte[] bytes = [1, 2, 3, 4, 5, 6];
        var error = Assert.Throws<WireFormatException>(() =>
        {
            var reader = new WireReader(bytes);
            reader.ReadInt32("first");
            reader.ReadInt32("second");
        });
        Assert.Equal("second", error.Field);
        Assert.Equal(4, error.Offset);
        Assert.Contains("'second'", error.Message);
        Assert.Contains("offset 4", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Fact]
    public void Lengths_above_the_caps_are_rejected_even_when_the_bytes_are_there()
    {
        var writer = new WireWriter();
        writer.WriteBytes(new byte[WireLimits.MaxByteArrayLength + 1]);
        Assert.Throws<WireFormatException>(() => new WireReader(writer.WrittenSpan).ReadBytes("big"));
        Assert.Equal(10, new WireReader(new WireWriterWith(w => w.WriteBytes(new byte[10])).Bytes).ReadBytes("small", maxLength: 10).Length);
        Assert.Throws<WireFormatException>(() => new WireReader(new WireWriterWith(w => w.WriteBytes(new byte[10])).Bytes).ReadBytes("small", maxLength: 9));

        writer.Clear();
        writer.WriteInt32Array(new int[WireLimits.MaxIdCount + 1]);
        var error = Assert.Throws<WireFormatException>(() => new WireReader(writer.WrittenSpan).ReadInt32Array("ids"));
        Assert.Contains("exceeds the limit", error.Message);
    }

    [Fact]
    public void Read_count_checks_sign_limit_and_remaining_bytes()
    {
        var bytes = new WireWriterWith(w =>
        {
            w.WriteInt32(3);
            w.WriteRaw(new byte[12]);
        }).Bytes;
        Assert.Equal(3, new WireReader(bytes).ReadCount("n", 3, 4));
        Assert.Throws<WireFormatException>(() => new WireReader(bytes).ReadCount("n", 2, 4));
        Assert.Throws<WireFormatException>(() => new WireReader(bytes).ReadCount("n", 3, 5));
        Assert.Throws<WireFormatException>(() => new WireReader(new WireWriterWith(w => w.WriteInt32(-1)).Bytes).ReadCount("n", 3, 0));
        Assert.Throws<WireFormatException>(() => new WireReader(bytes).ReadRaw(-1, "raw"));
    }

    private sealed class WireWriterWith
    {
        public WireWriterWith(Action<WireWriter> write)
        {
            var writer = new WireWriter();
            write(writer);
            Bytes = writer.ToArray();
        }

        public byte[] Bytes { get; }
    }
}
