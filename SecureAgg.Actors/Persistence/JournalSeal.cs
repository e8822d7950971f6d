using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SecureAgg.Persistence;

/// <summary>
/// Seals journal records and opens them again. A record's payload is written by its own serializer (the one Akka binds
/// to it), then an HMAC-SHA256 under the journal key is taken over a domain label, the kind (event or snapshot), the
/// persistence id, the sequence number, the serializer id, the manifest and the payload, each length-prefixed so that
/// no two different records feed the MAC the same bytes. Opening checks the MAC in constant time, then that the record
/// was sealed for this persistence id and this sequence number, and only then decodes the payload.
/// </summary>
public sealed class JournalSeal(JournalKey key, Akka.Serialization.Serialization serialization)
{
    private static readonly byte[] Domain = Encoding.UTF8.GetBytes("secagg journal record v1");

    public SealedRecord Seal(SealedKind kind, string persistenceId, long sequenceNr, object payload)
    {
        var serializer = serialization.FindSerializerFor(payload);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, payload);
        var bytes = serializer.ToBinary(payload);
        return new SealedRecord(persistenceId, sequenceNr, serializer.Identifier, manifest, bytes,
            Mac(kind, persistenceId, sequenceNr, serializer.Identifier, manifest, bytes));
    }

    /// <summary>The payload of <paramref name="record"/>, replayed as <paramref name="kind"/> of <paramref name="persistenceId"/> at <paramref name="sequenceNr"/>.</summary>
    /// <exception cref="JournalIntegrityException">The MAC does not verify, or the record was sealed for another place.</exception>
    public object Open(SealedKind kind, SealedRecord record, string persistenceId, long sequenceNr)
    {
        if (record.Damage is { } damage)
            throw new JournalIntegrityException(persistenceId, sequenceNr, kind, $"the stored record cannot be taken apart ({damage.TrimEnd('.')})");
        var expected = Mac(kind, record.PersistenceId, record.SequenceNr, record.SerializerId, record.Manifest, record.Payload);
        if (record.Mac.Length != SealedRecord.MacSize || !CryptographicOperations.FixedTimeEquals(expected, record.Mac))
            throw new JournalIntegrityException(persistenceId, sequenceNr, kind,
                $"its MAC does not verify (the record was altered, or sealed under another journal key{(kind == SealedKind.Snapshot ? ", or is not a snapshot" : "")})");
        if (record.PersistenceId != persistenceId)
            throw new JournalIntegrityException(persistenceId, sequenceNr, kind, $"the record was sealed for {record.PersistenceId}");
        if (record.SequenceNr != sequenceNr)
            throw new JournalIntegrityException(persistenceId, sequenceNr, kind, $"the record was sealed as event {record.SequenceNr} (moved)");
        try
        {
            return Unwrap(record, serialization);
        }
        catch (Exception error)
        {
            // A record this key sealed that does not decode: written by a build whose format differs.
            throw new JournalIntegrityException(persistenceId, sequenceNr, kind, $"its payload does not decode: {error.Message}");
        }
    }

    /// <summary>The payload decoded without any check (for reading a journal whose key is not at hand).</summary>
    public static object Unwrap(SealedRecord record, Akka.Serialization.Serialization serialization) =>
        record.Damage is { } damage
            ? throw new Serialization.WireFormatException($"A damaged sealed record: {damage}")
            : serialization.Deserialize(record.Payload, record.SerializerId, record.Manifest);

    private byte[] Mac(SealedKind kind, string persistenceId, long sequenceNr, int serializerId, string manifest, byte[] payload)
    {
        using var mac = key.NewMac();
        AppendField(mac, Domain);
        AppendField(mac, [(byte)kind]);
        AppendField(mac, Encoding.UTF8.GetBytes(persistenceId));
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequenceNr);
        AppendField(mac, number);
        BinaryPrimitives.WriteInt32BigEndian(number, serializerId);
        AppendField(mac, number[..4]);
        AppendField(mac, Encoding.UTF8.GetBytes(manifest));
        AppendField(mac, payload);
        return mac.GetHashAndReset();
    }

    private static void AppendField(IncrementalHash mac, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(length, field.Length);
        mac.AppendData(length);
        mac.AppendData(field);
    }
}
