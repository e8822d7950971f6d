namespace SecureAgg.Serialization;

/// <summary>
/// The single exception that decoding wire data throws: truncated input, a count or length that is negative or above
/// its limit, an unknown tag, a malformed field or trailing bytes. <see cref="Field"/> and <see cref="Offset"/> say
/// where (the offset is the byte at which the offending field starts, or -1 when not known).
/// </summary>
public sealed class WireFormatException : FormatException
{
    public WireFormatException()
        : this("Malformed SecAgg wire data.")
    {
    }

    public WireFormatException(string message)
        : base(message)
    {
        Offset = -1;
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Offset = -1;
    }

    public WireFormatException(string field, int offset, string problem)
        : base($"Malformed SecAgg wire data: field '{field}' at byte offset {offset}: {problem}")
    {
        Field = field;
        Offset = offset;
    }

    /// <summary>The field being read when the problem was found, if known.</summary>
    public string? Field { get; }

    /// <summary>Byte offset of that field in the input, or -1.</summary>
    public int Offset { get; }
}
