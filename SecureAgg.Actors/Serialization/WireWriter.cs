using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SecureAgg.Crypto;

namespace SecureAgg.Serialization;

/// <summary>
/// Appends little-endian fields to a growable buffer. Writing is permissive (anything up to the array size limit);
/// the limits of <see cref="WireLimits"/> are enforced by <see cref="WireReader"/> and by codecs that validate before
/// writing. Every primitive has its exact size in <see cref="WireSize"/>. Not thread-safe.
/// </summary>
public sealed class WireWriter
{
    private byte[] _buffer;
    private int _length;

    public WireWriter(int initialCapacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _buffer = initialCapacity == 0 ? [] : new byte[initialCapacity];
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets what was written and keeps the buffer for reuse.</summary>
    public void Clear() => _length = 0;

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    /// <summary>One byte, 1 or 0.</summary>
    public void WriteBoolean(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    /// <summary>16 bytes in <see cref="Guid.TryWriteBytes(Span{byte})"/> order (the same on every platform).</summary>
    public void WriteGuid(Guid value)
    {
        if (!value.TryWriteBytes(Reserve(WireSize.Guid)))
            throw new InvalidOperationException("A Guid needs 16 bytes.");
    }

    /// <summary>16 bytes, the same as the session id bound into signatures (<see cref="SessionId.WriteTo"/>).</summary>
    public void WriteSession(SessionId session) => session.WriteTo(Reserve(SessionId.Size));

    /// <summary>Bytes with no length prefix (the reader must know how many to expect).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>An int32 length, then the bytes. A nested message is written this way as a blob.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteInt32(bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>An int32 count, then each value as int32.</summary>
    /// <summary>A double's IEEE 754 bits, little-endian.</summary>
    public void WriteDouble(double value) => WriteUInt64(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>A count, then each double as <see cref="WriteDouble"/> writes it.</summary>
    public void WriteDoubleArray(ReadOnlySpan<double> values)
    {
        WriteInt32(values.Length);
        foreach (var value in values)
            WriteDouble(value);
    }

    public void WriteInt32Array(ReadOnlySpan<int> values)
    {
        WriteInt32(values.Length);
        var destination = Reserve(checked(4 * values.Length));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return;
        }
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(destination[(4 * i)..], values[i]);
    }

    /// <summary>An int32 count, then each value as uint64 (unpacked).</summary>
    public void WriteUInt64Array(ReadOnlySpan<ulong> values)
    {
        WriteInt32(values.Length);
        var destination = Reserve(checked(8 * values.Length));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return;
        }
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(8 * i)..], values[i]);
    }

    /// <summary>
    /// A packed word vector at its minimal width w = the bit length of the largest word (1 when there are no words or
    /// all are zero): one byte w, an int32 count, then the words packed LSB-first at w bits each, ⌈count·w/8⌉ bytes with
    /// zero padding bits. Uniform words below 2^b get w = b (with overwhelming probability for long vectors).
    /// </summary>
    public void WriteWords(ReadOnlySpan<ulong> words) => WriteWordsUnchecked(words, PackedWords.Width(words));

    /// <summary>A packed word vector at an explicit width in 1..64; every word must be below 2^width.</summary>
    public void WriteWords(ReadOnlySpan<ulong> words, int width)
    {
        PackedWords.CheckWidth(width);
        if (PackedWords.Width(words) > width)
            throw new ArgumentException($"A word does not fit in {width} bits.", nameof(words));
        WriteWordsUnchecked(words, width);
    }

    private void WriteWordsUnchecked(ReadOnlySpan<ulong> words, int width)
    {
        var payload = PackedWords.PayloadBytes(words.Length, width);
        if (payload > Array.MaxLength)
            throw new InvalidOperationException($"{words.Length} words at {width} bits do not fit in one buffer.");
        WriteByte((byte)width);
        WriteInt32(words.Length);
        PackedWords.Pack(words, width, Reserve((int)payload));
    }

    /// <summary>Hands over the buffer without copying when it is exactly full (else a copy), and resets this writer.</summary>
    internal byte[] DetachBuffer()
    {
        var result = _length == _buffer.Length ? _buffer : ToArray();
        _buffer = [];
        _length = 0;
        return result;
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
            Grow(count);
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void Grow(int count)
    {
        var needed = (long)_length + count;
        if (needed > Array.MaxLength)
            throw new InvalidOperationException($"A wire buffer cannot grow beyond {Array.MaxLength} bytes (needs {needed}).");
        var size = Math.Max(needed, Math.Min(Array.MaxLength, Math.Max(256L, 2L * _buffer.Length)));
        var larger = new byte[size];
        _buffer.AsSpan(0, _length).CopyTo(larger);
        _buffer = larger;
    }
}
