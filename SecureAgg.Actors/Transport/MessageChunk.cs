using SecureAgg.Crypto;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Transport;

/// <summary>
/// Part <paramref name="Index"/> of <paramref name="Count"/> of one encoded client message (a masked input) that is
/// larger than <see cref="PartBytes"/>: split so that no remoting frame has to hold a whole vector, which keeps the
/// server's frame size (and what a half-sent frame can make it buffer) small whatever the session's m.
/// </summary>
public sealed record MessageChunk(SessionId Session, int Sender, int Index, int Count, byte[] Part) : IWireMessage
{
    /// <summary>The largest part: every part but the last has exactly this many bytes.</summary>
    public const int PartBytes = 256 * 1024;

    /// <summary>A chunk's bytes beyond its part on the wire (session, sender, index, count, length prefix).</summary>
    public const int HeaderBytes = SessionId.Size + 4 * 4;

    public byte[] Encode()
    {
        var writer = new WireWriter(HeaderBytes + Part.Length);
        writer.WriteSession(Session);
        writer.WriteInt32(Sender);
        writer.WriteInt32(Index);
        writer.WriteInt32(Count);
        writer.WriteBytes(Part);
        return writer.ToArray();
    }

    public static MessageChunk Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        var session = reader.ReadSession("session");
        var sender = reader.ReadInt32("sender");
        var index = reader.ReadInt32("index");
        var count = reader.ReadInt32("count");
        var part = reader.ReadBytes("part", PartBytes);
        if (!reader.IsAtEnd)
            throw new WireFormatException($"A message chunk has {reader.Remaining} bytes after its part.");
        if (count < 2 || index < 0 || index >= count)
            throw new WireFormatException($"A message chunk's index {index} of {count} is out of range (a chunked message has at least 2 parts).");
        if (part.Length == 0)
            throw new WireFormatException("A message chunk has an empty part.");
        return new MessageChunk(session, sender, index, count, part);
    }
}
