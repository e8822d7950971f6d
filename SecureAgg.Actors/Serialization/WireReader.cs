using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SecureAgg.Crypto;

namespace SecureAgg.Serialization;

/// <summary>
/// Reads the fields <see cref="WireWriter"/> writes, from a span, never trusting the input: every read checks the bytes
/// that remain, every count and length is checked against a limit (<see cref="WireLimits"/> by default) and against
/// what the remaining bytes could hold before anything is allocated, and every failure is a
/// <see cref="WireFormatException"/> naming the field and its offset. Field names should be literals (they are only
/// formatted on failure). Call <see cref="EnsureEnd"/> once a whole message has been read.
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Offset => _offset;

    public readonly int Remaining => _data.Length - _offset;

    public readonly bool IsAtEnd => _offset == _data.Length;

    public byte ReadByte(string field) => Take(1, field)[0];

    /// <summary>One byte that must be 0 or 1.</summary>
    public bool ReadBoolean(string field)
    {
        var start = _offset;
        return Take(1, field)[0] switch
        {
            0 => false,
            1 => true,
            var other => throw new WireFormatException(field, start, $"a flag must be 0 or 1, got {other}."),
        };
    }

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public Guid ReadGuid(string field) => new(Take(WireSize.Guid, field));

    public SessionId ReadSession(string field) => new(ReadGuid(field));

    /// <summary><paramref name="length"/> bytes with no prefix, as a slice of the input (no copy).</summary>
    public ReadOnlySpan<byte> ReadRaw(int length, string field)
    {
        if (length < 0)
            throw new WireFormatException(field, _offset, $"a negative length ({length}) was asked for.");
        return Take(length, field);
    }

    /// <summary>
    /// An int32 count of items that take at least <paramref name="minBytesPerItem"/> bytes each: rejects a negative
    /// count, one above <paramref name="maxCount"/>, and one whose items could not fit in the remaining bytes. Use it
    /// before allocating a list of structured entries.
    /// </summary>
    public int ReadCount(string field, int maxCount, int minBytesPerItem)
    {
        var start = _offset;
        var count = ReadInt32(field);
        if (count < 0)
            throw new WireFormatException(field, start, $"negative count {count}.");
        if (count > maxCount)
            throw new WireFormatException(field, start, $"count {count} exceeds the limit of {maxCount}.");
        if ((long)count * Math.Max(0, minBytesPerItem) > Remaining)
            throw new WireFormatException(field, start,
                $"count {count} needs at least {(long)count * minBytesPerItem} more bytes, only {Remaining} remain (truncated or corrupt).");
        return count;
    }

    /// <summary>An int32-length-prefixed byte array, as a slice of the input (no copy): for nested messages.</summary>
    public ReadOnlySpan<byte> ReadBytesSpan(string field, int maxLength = WireLimits.MaxByteArrayLength)
    {
        var length = ReadCount(field, maxLength, 1);
        return Take(length, field);
    }

    /// <summary>An int32-length-prefixed byte array, copied.</summary>
    public byte[] ReadBytes(string field, int maxLength = WireLimits.MaxByteArrayLength) => ReadBytesSpan(field, maxLength).ToArray();

    /// <summary>An int32-length-prefixed byte array whose length must be exactly <paramref name="length"/> (a digest, a fixed-size key), copied.</summary>
    public byte[] ReadBytesOfLength(string field, int length)
    {
        var start = _offset;
        var actual = ReadInt32(field);
        if (actual != length)
            throw new WireFormatException(field, start, $"has {actual} bytes, expected exactly {length}.");
        return Take(length, field).ToArray();
    }

    /// <summary>An int32 count, then that many int32 values.</summary>
    /// <summary>A double's IEEE 754 bits, little-endian; non-finite values are refused.</summary>
    public double ReadDouble(string field)
    {
        var value = BitConverter.UInt64BitsToDouble(ReadUInt64(field));
        return double.IsFinite(value) ? value : throw new WireFormatException($"Field '{field}' is {value}, not a finite number.");
    }

    /// <summary>The inverse of <see cref="WireWriter.WriteDoubleArray"/>; non-finite values are refused.</summary>
    public double[] ReadDoubleArray(string field, int maxCount = WireLimits.MaxUInt64ArrayLength)
    {
        var count = ReadCount(field, maxCount, 8);
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = ReadDouble(field);
        return values;
    }

    public int[] ReadInt32Array(string field, int maxCount = WireLimits.MaxIdCount)
    {
        var count = ReadCount(field, maxCount, 4);
        var source = Take(4 * count, field);
        var values = new int[count];
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }
        for (var i = 0; i < count; i++)
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]);
        return values;
    }

    /// <summary>An int32 count, then that many uint64 values.</summary>
    public ulong[] ReadUInt64Array(string field, int maxCount = WireLimits.MaxUInt64ArrayLength)
    {
        var count = ReadCount(field, maxCount, 8);
        var source = Take(8 * count, field);
        var values = new ulong[count];
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }
        for (var i = 0; i < count; i++)
            values[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(8 * i)..]);
        return values;
    }

    /// <summary>
    /// A packed word vector (see <see cref="WireWriter.WriteWords(ReadOnlySpan{ulong})"/>). Rejects a width of 0 or
    /// above 64, a negative count or one above <paramref name="maxCount"/>, a payload longer than the remaining bytes,
    /// and non-zero padding bits. Any width in 1..64 is accepted, not only the minimal one.
    /// </summary>
    public ulong[] ReadWords(string field, int maxCount = WireLimits.MaxVectorLength)
    {
        var start = _offset;
        var width = ReadByte(field);
        if (width is < PackedWords.MinWidth or > PackedWords.MaxWidth)
            throw new WireFormatException(field, start, $"packing width {width} is not between {PackedWords.MinWidth} and {PackedWords.MaxWidth} bits.");
        var count = ReadCount(field, maxCount, 0);
        var payloadBytes = PackedWords.PayloadBytes(count, width);
        if (payloadBytes > Remaining)
            throw new WireFormatException(field, start,
                $"{count} words at {width} bits need {payloadBytes} bytes, only {Remaining} remain (truncated or corrupt).");
        var payload = Take((int)payloadBytes, field);
        var usedBits = (int)((long)count * width & 7);
        if (usedBits != 0 && payload[^1] >> usedBits != 0)
            throw new WireFormatException(field, _offset - 1, $"padding bits after the last of {count} words at {width} bits are not zero.");
        var words = new ulong[count];
        PackedWords.Unpack(payload, width, words);
        return words;
    }

    /// <summary>Throws unless every byte has been read.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (_offset != _data.Length)
            throw new WireFormatException(what, _offset, $"{_data.Length - _offset} trailing byte(s) after the end of the {what}.");
    }

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > _data.Length - _offset)
            throw new WireFormatException(field, _offset, $"needs {count} byte(s), only {_data.Length - _offset} remain (truncated).");
        var span = _data.Slice(_offset, count);
        _offset += count;
        return span;
    }
}
