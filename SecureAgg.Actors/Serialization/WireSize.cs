namespace SecureAgg.Serialization;

/// <summary>Exact encoded sizes of the <see cref="WireWriter"/> primitives, for computing sizes without encoding.</summary>
public static class WireSize
{
    public const int Byte = 1;
    public const int Boolean = 1;
    public const int Int32 = 4;
    public const int Int64 = 8;
    public const int Guid = 16;

    /// <summary>A length-prefixed byte array: int32 length + the bytes.</summary>
    public static long Bytes(int length) => Int32 + (long)length;

    /// <summary>An int32 array: int32 count + 4 bytes per value.</summary>
    public static long Int32Array(int count) => Int32 + 4L * count;

    /// <summary>A uint64 array: int32 count + 8 bytes per value.</summary>
    public static long UInt64Array(int count) => Int32 + 8L * count;

    /// <summary>A packed word vector written at its minimal width (see <see cref="WireWriter.WriteWords(ReadOnlySpan{ulong})"/>).</summary>
    public static long Words(ReadOnlySpan<ulong> words) => Words(words.Length, PackedWords.Width(words));

    /// <summary>A packed word vector of <paramref name="count"/> words at <paramref name="width"/> bits: width byte, int32 count, ⌈count·width/8⌉ bytes.</summary>
    public static long Words(int count, int width)
    {
        PackedWords.CheckWidth(width);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Byte + Int32 + PackedWords.PayloadBytes(count, width);
    }

    /// <summary>The minimal packing width of <paramref name="words"/>: the bit length of the largest, and 1 if all are zero or there are none.</summary>
    public static int WordWidth(ReadOnlySpan<ulong> words) => PackedWords.Width(words);
}
