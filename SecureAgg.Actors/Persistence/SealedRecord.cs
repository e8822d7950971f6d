using System.Text;
using SecureAgg.Serialization;

namespace SecureAgg.Persistence;

/// <summary>What a sealed record holds: a journalled event or a snapshot (the MAC binds which, so neither passes for the other).</summary>
public enum SealedKind : byte
{
    Event = 1,
    Snapshot = 2,
}

/// <summary>
/// A journal event or snapshot as a sealed persistent actor stores it: the payload as its own serializer wrote it, and
/// an HMAC-SHA256 (<see cref="JournalSeal"/>) over it and the place it was written for (persistence id, sequence number).
/// A stored record too damaged to take apart still decodes, with <see cref="Damage"/> saying why: the replay then
/// refuses it at its own sequence number instead of failing somewhere inside the journal plugin.
/// </summary>
public sealed record SealedRecord(string PersistenceId, long SequenceNr, int SerializerId, string Manifest, byte[] Payload, byte[] Mac) : IWireMessage
{
    public const int MacSize = 32;

    // Persistence ids and manifests are short (the SQL journal's columns hold 255 characters).
    private const int MaxStringBytes = 1024;
    private const byte Version = 1;

    /// <summary>Version, persistence id, sequence number, serializer id, manifest, MAC, then the payload to the end.</summary>
    public byte[] Encode()
    {
        var writer = new WireWriter(64 + PersistenceId.Length + Manifest.Length + Payload.Length);
        writer.WriteByte(Version);
        writer.WriteBytes(Encoding.UTF8.GetBytes(PersistenceId));
        writer.WriteInt64(SequenceNr);
        writer.WriteInt32(SerializerId);
        writer.WriteBytes(Encoding.UTF8.GetBytes(Manifest));
        writer.WriteRaw(Mac);
        writer.WriteRaw(Payload);
        return writer.ToArray();
    }

    /// <summary>Why the stored bytes could not be taken apart; null for a well-formed record.</summary>
    public string? Damage { get; init; }

    public static SealedRecord Decode(byte[] bytes)
    {
        try
        {
            return DecodeWellFormed(bytes);
        }
        catch (WireFormatException malformed)
        {
            return new SealedRecord("", 0, 0, "", [], []) { Damage = malformed.Message };
        }
    }

    private static SealedRecord DecodeWellFormed(byte[] bytes)
    {
        var reader = new WireReader(bytes);
        if (reader.ReadByte("version") is var version && version != Version)
            throw new WireFormatException($"A sealed journal record of version {version}; this build reads version {Version}.");
        var persistenceId = ReadString(ref reader, "persistence id");
        var sequenceNr = reader.ReadInt64("sequence number");
        var serializerId = reader.ReadInt32("serializer id");
        var manifest = ReadString(ref reader, "manifest");
        var mac = reader.ReadRaw(MacSize, "mac").ToArray();
        var payload = reader.ReadRaw(reader.Remaining, "payload").ToArray();
        return new SealedRecord(persistenceId, sequenceNr, serializerId, manifest, payload, mac);
    }

    private static string ReadString(ref WireReader reader, string field)
    {
        var bytes = reader.ReadBytesSpan(field, MaxStringBytes);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WireFormatException($"Field '{field}' of a sealed journal record is not valid UTF-8.");
        }
    }
}
