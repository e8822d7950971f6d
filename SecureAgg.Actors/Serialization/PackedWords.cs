using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SecureAgg.Serialization;

/// <summary>
/// Packing of uint64 words at a fixed bit width, LSB-first: word i occupies bits [i·w, (i+1)·w) of the payload, where
/// bit k of the payload is bit (k mod 8) of byte ⌊k/8⌋. The payload is ⌈count·w/8⌉ bytes; padding bits in the last
/// byte are zero. Widths 8, 16, 32 and 64 are plain little-endian integers and take byte-aligned fast paths.
/// </summary>
internal static class PackedWords
{
    public const int MinWidth = 1;
    public const int MaxWidth = 64;

    /// <summary>Bit length of the largest word; 1 when there are no words or all are zero (width 0 is not encodable).</summary>
    public static int Width(ReadOnlySpan<ulong> words)
    {
        ulong any = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && words.Length >= 2 * Vector<ulong>.Count)
        {
            var vectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(words);
            var acc = Vector<ulong>.Zero;
            foreach (var v in vectors)
                acc |= v;
            for (var k = 0; k < Vector<ulong>.Count; k++)
                any |= acc[k];
            i = vectors.Length * Vector<ulong>.Count;
        }
        for (; i < words.Length; i++)
            any |= words[i];
        return any == 0 ? 1 : 64 - BitOperations.LeadingZeroCount(any);
    }

    public static long PayloadBytes(long count, int width) => (count * width + 7) / 8;

    public static ulong Mask(int width) => width == 64 ? ulong.MaxValue : (1UL << width) - 1;

    public static void CheckWidth(int width)
    {
        if (width is < MinWidth or > MaxWidth)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"A packing width is between {MinWidth} and {MaxWidth} bits.");
    }

    /// <summary>Packs words that are all below 2^width into exactly <see cref="PayloadBytes"/> bytes.</summary>
    public static void Pack(ReadOnlySpan<ulong> words, int width, Span<byte> destination)
    {
        if (destination.Length != PayloadBytes(words.Length, width))
            throw new ArgumentException($"{words.Length} words at {width} bits need {PayloadBytes(words.Length, width)} bytes, got {destination.Length}.", nameof(destination));
        if (BitConverter.IsLittleEndian)
        {
            switch (width)
            {
                case 64:
                    MemoryMarshal.AsBytes(words).CopyTo(destination);
                    return;
                case 32:
                    Narrow32(words, MemoryMarshal.Cast<byte, uint>(destination));
                    return;
                case 16:
                    var halves = MemoryMarshal.Cast<byte, ushort>(destination);
                    for (var i = 0; i < words.Length; i++)
                        halves[i] = (ushort)words[i];
                    return;
                case 8:
                    for (var i = 0; i < words.Length; i++)
                        destination[i] = (byte)words[i];
                    return;
            }
        }
        PackGeneric(words, width, destination);
    }

    /// <summary>Inverse of <see cref="Pack"/>; does not check the padding bits (the reader does).</summary>
    public static void Unpack(ReadOnlySpan<byte> source, int width, Span<ulong> words)
    {
        if (source.Length != PayloadBytes(words.Length, width))
            throw new ArgumentException($"{words.Length} words at {width} bits need {PayloadBytes(words.Length, width)} bytes, got {source.Length}.", nameof(source));
        if (BitConverter.IsLittleEndian)
        {
            switch (width)
            {
                case 64:
                    source.CopyTo(MemoryMarshal.AsBytes(words));
                    return;
                case 32:
                    Widen32(MemoryMarshal.Cast<byte, uint>(source), words);
                    return;
                case 16:
                    var halves = MemoryMarshal.Cast<byte, ushort>(source);
                    for (var i = 0; i < words.Length; i++)
                        words[i] = halves[i];
                    return;
                case 8:
                    for (var i = 0; i < words.Length; i++)
                        words[i] = source[i];
                    return;
            }
        }
        UnpackGeneric(source, width, words);
    }

    /// <summary>The bit packer for any width in 1..64 (and any endianness): 64 bits are flushed at a time.</summary>
    internal static void PackGeneric(ReadOnlySpan<ulong> words, int width, Span<byte> destination)
    {
        ulong acc = 0;
        var bits = 0; // bits pending in acc, always < 64
        var position = 0;
        foreach (var word in words)
        {
            acc |= word << bits;
            var total = bits + width;
            if (total >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(position, 8), acc);
                position += 8;
                // The high bits of the word that did not fit; none when the word started on a 64-bit boundary.
                acc = bits == 0 ? 0 : word >> (64 - bits);
                bits = total - 64;
            }
            else
            {
                bits = total;
            }
        }
        for (; bits > 0; bits -= 8)
        {
            destination[position++] = (byte)acc;
            acc >>= 8;
        }
    }

    /// <summary>The bit unpacker for any width in 1..64: each word is read from an unaligned 64-bit load plus at most one byte.</summary>
    internal static void UnpackGeneric(ReadOnlySpan<byte> source, int width, Span<ulong> words)
    {
        var mask = Mask(width);
        long bitPosition = 0;
        for (var i = 0; i < words.Length; i++, bitPosition += width)
        {
            var index = (int)(bitPosition >> 3);
            var shift = (int)(bitPosition & 7);
            var value = Load64(source, index) >> shift;
            if (shift + width > 64)
                value |= (ulong)source[index + 8] << (64 - shift);
            words[i] = value & mask;
        }
    }

    private static ulong Load64(ReadOnlySpan<byte> source, int index)
    {
        if (index + 8 <= source.Length)
            return BinaryPrimitives.ReadUInt64LittleEndian(source[index..]);
        ulong value = 0;
        for (var k = source.Length - 1; k >= index; k--)
            value = (value << 8) | source[k];
        return value;
    }

    private static void Narrow32(ReadOnlySpan<ulong> words, Span<uint> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var step = 2 * Vector<ulong>.Count;
            for (; i + step <= words.Length; i += step)
            {
                var low = new Vector<ulong>(words.Slice(i, Vector<ulong>.Count));
                var high = new Vector<ulong>(words.Slice(i + Vector<ulong>.Count, Vector<ulong>.Count));
                Vector.Narrow(low, high).CopyTo(destination.Slice(i, step));
            }
        }
        for (; i < words.Length; i++)
            destination[i] = (uint)words[i];
    }

    private static void Widen32(ReadOnlySpan<uint> source, Span<ulong> words)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var step = Vector<uint>.Count;
            for (; i + step <= source.Length; i += step)
            {
                Vector.Widen(new Vector<uint>(source.Slice(i, step)), out var low, out var high);
                low.CopyTo(words.Slice(i, Vector<ulong>.Count));
                high.CopyTo(words.Slice(i + Vector<ulong>.Count, Vector<ulong>.Count));
            }
        }
        for (; i < source.Length; i++)
            words[i] = source[i];
    }
}
