using SecureAgg.Crypto;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Protocol.Messages;

/// <summary>The first byte of an encoded protocol message. 0 and values above 9 are invalid.</summary>
public enum ProtocolMessageTag : byte
{
    AdvertiseKeys = 1,
    KeysAdvertised = 2,
    ShareKeys = 3,
    SharesForwarded = 4,
    MaskedInput = 5,
    ConsistencyCheckRequest = 6,
    ConsistencySignature = 7,
    UnmaskRequest = 8,
    UnmaskResponse = 9,
}

/// <summary>
/// The binary encoding of the nine protocol messages: compact, self-describing (a type tag comes first), little-endian,
/// and decoded defensively (every failure is a <see cref="WireFormatException"/>). Layout:
/// <code>
/// header          tag (1 byte) · session (16) · client id (int32: Sender of a client message, Recipient of a server message)
/// AdvertiseKeys   bytes c_pk · bytes s_pk · has-signature (1 byte, 0/1) · [bytes signature]
/// KeysAdvertised  count · count × (session (16) · sender (int32) · AdvertiseKeys body)
/// ShareKeys       count · count × (recipient (int32) · bytes ciphertext) · bytes commitment to b (exactly 32)
/// SharesForwarded count · count × (sender (int32) · bytes ciphertext)
/// MaskedInput     packed words: width (1 byte) · count (int32) · ⌈count·width/8⌉ bytes
/// ConsistencyCheckRequest  int32 array U3
/// ConsistencySignature     bytes signature
/// UnmaskRequest   int32 array survivors · int32 array dropped · count · count × (signer (int32) · bytes signature)
/// UnmaskResponse  twice (self-mask shares, then masking-key shares): count · count × (owner (int32) · uint64 array share)
/// </code>
/// "bytes" is an int32 length and the raw bytes; an int32 array is an int32 count and the values; a uint64 array is an
/// int32 count and 8-byte values. Counts are capped by <see cref="WireLimits"/> (shares at <see cref="MaxShareWords"/>
/// words); an entry of KeysAdvertised keeps its own session because clients check it. <see cref="EncodedSize"/> gives
/// the exact length of <see cref="Encode"/>'s output without encoding. A journal written before ShareKeys carried the
/// commitment holds ShareKeys that end after their ciphertexts: only <see cref="DecodeJournalled"/> reads those.
/// </summary>
public static class ProtocolCodec
{
    /// <summary>Tag, session and client id.</summary>
    public const int HeaderSize = WireSize.Byte + SessionId.Size + WireSize.Int32;

    /// <summary>
    /// Cap on the words of one revealed share. A well-formed share has <see cref="ShamirSecretSharing.ChunksPerSecret"/>;
    /// other lengths are left for the protocol to reject, the codec only bounds them.
    /// </summary>
    public const int MaxShareWords = 64;

    // Smallest encodings of one list entry, for rejecting counts the remaining bytes could not hold.
    private const int MinKeysEntry = SessionId.Size + WireSize.Int32 + 2 * WireSize.Int32 + WireSize.Boolean;
    private const int MinShareEntry = WireSize.Int32 + WireSize.Int32;
    private const int MinSignatureEntry = WireSize.Int32 + WireSize.Int32;
    private const int MinRevealedShare = WireSize.Int32 + WireSize.Int32;

    private static readonly string[] Manifests =
    [
        "", nameof(AdvertiseKeys), nameof(KeysAdvertised), nameof(ShareKeys), nameof(SharesForwarded), nameof(MaskedInput),
        nameof(ConsistencyCheckRequest), nameof(ConsistencySignature), nameof(UnmaskRequest), nameof(UnmaskResponse),
    ];

    public static ProtocolMessageTag TagOf(IProtocolMessage message) => message switch
    {
        AdvertiseKeys => ProtocolMessageTag.AdvertiseKeys,
        KeysAdvertised => ProtocolMessageTag.KeysAdvertised,
        ShareKeys => ProtocolMessageTag.ShareKeys,
        SharesForwarded => ProtocolMessageTag.SharesForwarded,
        MaskedInput => ProtocolMessageTag.MaskedInput,
        ConsistencyCheckRequest => ProtocolMessageTag.ConsistencyCheckRequest,
        ConsistencySignature => ProtocolMessageTag.ConsistencySignature,
        UnmaskRequest => ProtocolMessageTag.UnmaskRequest,
        UnmaskResponse => ProtocolMessageTag.UnmaskResponse,
        null => throw new ArgumentNullException(nameof(message)),
        _ => throw new ArgumentException($"Unknown protocol message type {message.GetType().Name}.", nameof(message)),
    };

    /// <summary>A stable name for the message's type (the record's name), for a serializer's string manifest.</summary>
    public static string Manifest(IProtocolMessage message) => Manifest(TagOf(message));

    public static string Manifest(ProtocolMessageTag tag) =>
        IsDefined(tag) ? Manifests[(int)tag] : throw new ArgumentOutOfRangeException(nameof(tag), tag, "Not a protocol message tag.");

    public static bool TryGetTag(string? manifest, out ProtocolMessageTag tag)
    {
        var index = manifest is null or "" ? -1 : Array.IndexOf(Manifests, manifest);
        tag = index > 0 ? (ProtocolMessageTag)index : default;
        return index > 0;
    }

    public static bool IsDefined(ProtocolMessageTag tag) => tag is >= ProtocolMessageTag.AdvertiseKeys and <= ProtocolMessageTag.UnmaskResponse;

    /// <summary>
    /// The exact number of bytes <see cref="Encode"/> produces, computed without encoding (a masked input's words are
    /// scanned once for their width). Throws <see cref="ArgumentException"/> for a message that cannot be encoded: a
    /// null field or entry, or a count or length above <see cref="WireLimits"/>.
    /// </summary>
    public static long EncodedSize(IProtocolMessage message) => HeaderSize + TagOf(message) switch
    {
        ProtocolMessageTag.AdvertiseKeys => KeysBodySize((AdvertiseKeys)message),
        ProtocolMessageTag.KeysAdvertised => KeysAdvertisedSize((KeysAdvertised)message),
        ProtocolMessageTag.ShareKeys => ShareKeysSize((ShareKeys)message),
        ProtocolMessageTag.SharesForwarded => SharesForwardedSize((SharesForwarded)message),
        ProtocolMessageTag.MaskedInput => MaskedInputSize((MaskedInput)message),
        ProtocolMessageTag.ConsistencyCheckRequest => IdsSize(((ConsistencyCheckRequest)message).MaskedInputSenders, "MaskedInputSenders"),
        ProtocolMessageTag.ConsistencySignature => BytesSize(((ConsistencySignature)message).Signature, "Signature"),
        ProtocolMessageTag.UnmaskRequest => UnmaskRequestSize((UnmaskRequest)message),
        _ => UnmaskResponseSize((UnmaskResponse)message),
    };

    /// <summary>The message's encoding, in an array of exactly <see cref="EncodedSize"/> bytes.</summary>
    public static byte[] Encode(IProtocolMessage message)
    {
        var size = EncodedSize(message);
        if (size > Array.MaxLength)
            throw new ArgumentException($"A {message.GetType().Name} of {size} bytes is too large for one buffer.", nameof(message));
        var writer = new WireWriter((int)size);
        WriteValidated(writer, message, size);
        return writer.DetachBuffer();
    }

    /// <summary>Appends the message's encoding (no length prefix: it is self-delimiting) to <paramref name="writer"/>.</summary>
    public static void Write(WireWriter writer, IProtocolMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteValidated(writer, message, EncodedSize(message));
    }

    /// <summary>Decodes exactly one message that fills <paramref name="bytes"/>.</summary>
    /// <param name="maxVectorLength">A tighter cap on a masked input's length (e.g. the session's m), so a short width-1 vector cannot make the decoder allocate up to 2 GiB.</param>
    public static IProtocolMessage Decode(ReadOnlySpan<byte> bytes, int maxVectorLength = WireLimits.MaxVectorLength)
    {
        var reader = new WireReader(bytes);
        var message = Read(ref reader, maxVectorLength);
        reader.EnsureEnd("protocol message");
        return message;
    }

    /// <summary>
    /// Decodes one message from the server's own journal: as <see cref="Decode(ReadOnlySpan{byte}, int)"/>, and a
    /// ShareKeys journalled before commitments existed (nothing after its ciphertexts) decodes with a null commitment.
    /// </summary>
    public static IProtocolMessage DecodeJournalled(ReadOnlySpan<byte> bytes, int maxVectorLength = WireLimits.MaxVectorLength)
    {
        var reader = new WireReader(bytes);
        var message = Read(ref reader, maxVectorLength, journalled: true);
        reader.EnsureEnd("protocol message");
        return message;
    }

    /// <summary>As <see cref="Decode(ReadOnlySpan{byte}, int)"/>, and the message must be of the type <paramref name="manifest"/> names.</summary>
    public static IProtocolMessage Decode(ReadOnlySpan<byte> bytes, string manifest, int maxVectorLength = WireLimits.MaxVectorLength)
    {
        if (!TryGetTag(manifest, out var expected))
            throw new WireFormatException($"Malformed SecAgg wire data: unknown protocol message manifest '{manifest}'.");
        if (bytes.Length > 0 && bytes[0] != (byte)expected)
            throw new WireFormatException("tag", 0, $"the manifest says {manifest} (tag {(byte)expected}) but the data has tag {bytes[0]}.");
        return Decode(bytes, maxVectorLength);
    }

    /// <summary>Reads one message from <paramref name="reader"/> (for messages nested in other encodings); does not require the end of the input.</summary>
    public static IProtocolMessage Read(ref WireReader reader, int maxVectorLength = WireLimits.MaxVectorLength) =>
        Read(ref reader, maxVectorLength, journalled: false);

    private static IProtocolMessage Read(ref WireReader reader, int maxVectorLength, bool journalled)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxVectorLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxVectorLength, WireLimits.MaxVectorLength);
        var tagOffset = reader.Offset;
        var tag = (ProtocolMessageTag)reader.ReadByte("tag");
        if (!IsDefined(tag))
            throw new WireFormatException("tag", tagOffset, $"unknown protocol message tag {(byte)tag}.");
        var session = reader.ReadSession("session");
        var client = reader.ReadInt32("client id");
        return tag switch
        {
            ProtocolMessageTag.AdvertiseKeys => ReadKeysBody(ref reader, session, client),
            ProtocolMessageTag.KeysAdvertised => ReadKeysAdvertised(ref reader, session, client),
            ProtocolMessageTag.ShareKeys => ReadShareKeys(ref reader, session, client, journalled),
            ProtocolMessageTag.SharesForwarded => ReadSharesForwarded(ref reader, session, client),
            ProtocolMessageTag.MaskedInput => new MaskedInput(session, client, reader.ReadWords("MaskedInput.Vector", maxVectorLength)),
            ProtocolMessageTag.ConsistencyCheckRequest => new ConsistencyCheckRequest(session, client, reader.ReadInt32Array("ConsistencyCheckRequest.MaskedInputSenders")),
            ProtocolMessageTag.ConsistencySignature => new ConsistencySignature(session, client, reader.ReadBytes("ConsistencySignature.Signature")),
            ProtocolMessageTag.UnmaskRequest => ReadUnmaskRequest(ref reader, session, client),
            _ => ReadUnmaskResponse(ref reader, session, client),
        };
    }

    private static void WriteValidated(WireWriter writer, IProtocolMessage message, long size)
    {
        var start = writer.Length;
        WriteMessage(writer, message);
        if (writer.Length - start != size)
            throw new InvalidOperationException($"Encoded {writer.Length - start} bytes for a {message.GetType().Name} sized at {size}: the size computation and the encoder disagree.");
    }

    private static void WriteMessage(WireWriter writer, IProtocolMessage message)
    {
        writer.WriteByte((byte)TagOf(message));
        writer.WriteSession(message.Session);
        writer.WriteInt32(message is IClientMessage fromClient ? fromClient.Sender : ((IServerMessage)message).Recipient);
        switch (message)
        {
            case AdvertiseKeys keys:
                WriteKeysBody(writer, keys);
                break;
            case KeysAdvertised broadcast:
                writer.WriteInt32(broadcast.Keys.Count);
                foreach (var entry in broadcast.Keys)
                {
                    writer.WriteSession(entry.Session);
                    writer.WriteInt32(entry.Sender);
                    WriteKeysBody(writer, entry);
                }
                break;
            case ShareKeys shares:
                WriteIdBytesList(writer, shares.Shares, share => share.Recipient, share => share.Ciphertext);
                writer.WriteBytes(shares.SelfMaskCommitment!);
                break;
            case SharesForwarded forwarded:
                WriteIdBytesList(writer, forwarded.Shares, share => share.Sender, share => share.Ciphertext);
                break;
            case MaskedInput input:
                writer.WriteWords(input.Vector);
                break;
            case ConsistencyCheckRequest request:
                writer.WriteInt32Array(request.MaskedInputSenders);
                break;
            case ConsistencySignature signature:
                writer.WriteBytes(signature.Signature);
                break;
            case UnmaskRequest request:
                writer.WriteInt32Array(request.Survivors);
                writer.WriteInt32Array(request.Dropped);
                WriteIdBytesList(writer, request.Signatures, signature => signature.Signer, signature => signature.Signature);
                break;
            case UnmaskResponse response:
                WriteRevealedShares(writer, response.SelfMaskShares);
                WriteRevealedShares(writer, response.MaskingKeyShares);
                break;
        }
    }

    private static void WriteKeysBody(WireWriter writer, AdvertiseKeys keys)
    {
        writer.WriteBytes(keys.EncryptionPublicKey);
        writer.WriteBytes(keys.MaskingPublicKey);
        writer.WriteBoolean(keys.Signature is not null);
        if (keys.Signature is not null)
            writer.WriteBytes(keys.Signature);
    }

    /// <summary>ShareKeys, SharesForwarded and UnmaskRequest signatures: count · count × (id (int32) · bytes).</summary>
    private static void WriteIdBytesList<T>(WireWriter writer, IReadOnlyList<T> entries, Func<T, int> id, Func<T, byte[]> bytes)
    {
        writer.WriteInt32(entries.Count);
        foreach (var entry in entries)
        {
            writer.WriteInt32(id(entry));
            writer.WriteBytes(bytes(entry));
        }
    }

    private static void WriteRevealedShares(WireWriter writer, IReadOnlyList<RevealedShare> shares)
    {
        writer.WriteInt32(shares.Count);
        foreach (var share in shares)
        {
            writer.WriteInt32(share.Owner);
            writer.WriteUInt64Array(share.Share);
        }
    }

    // ---- sizes (and validation: everything Encode writes is checked here first) ----

    private static long KeysBodySize(AdvertiseKeys keys) =>
        BytesSize(keys.EncryptionPublicKey, "EncryptionPublicKey") + BytesSize(keys.MaskingPublicKey, "MaskingPublicKey")
        + WireSize.Boolean + (keys.Signature is null ? 0 : BytesSize(keys.Signature, "Signature"));

    private static long KeysAdvertisedSize(KeysAdvertised broadcast)
    {
        var size = CountSize(broadcast.Keys, "KeysAdvertised.Keys");
        foreach (var entry in broadcast.Keys)
            size += SessionId.Size + WireSize.Int32 + KeysBodySize(NotNull(entry, "KeysAdvertised.Keys entry"));
        return size;
    }

    private static long ShareKeysSize(ShareKeys shares)
    {
        var commitment = NotNull(shares.SelfMaskCommitment, "ShareKeys.SelfMaskCommitment");
        if (commitment.Length != SeedCommitment.Size)
            throw new ArgumentException($"ShareKeys.SelfMaskCommitment has {commitment.Length} bytes, expected exactly {SeedCommitment.Size}.");
        return IdBytesListSize(shares.Shares, "ShareKeys.Shares", share => share.Ciphertext, "Ciphertext") + WireSize.Bytes(commitment.Length);
    }

    private static long SharesForwardedSize(SharesForwarded forwarded) =>
        IdBytesListSize(forwarded.Shares, "SharesForwarded.Shares", share => share.Ciphertext, "Ciphertext");

    private static long IdBytesListSize<T>(IReadOnlyList<T> entries, string field, Func<T, byte[]> bytes, string bytesField) where T : class
    {
        var size = CountSize(entries, field);
        foreach (var entry in entries)
            size += WireSize.Int32 + BytesSize(bytes(NotNull(entry, field + " entry")), bytesField);
        return size;
    }

    private static long MaskedInputSize(MaskedInput input)
    {
        var vector = NotNull(input.Vector, "MaskedInput.Vector");
        if (vector.Length > WireLimits.MaxVectorLength)
            throw new ArgumentException($"MaskedInput.Vector has {vector.Length} words, above the limit of {WireLimits.MaxVectorLength}.", nameof(input));
        return WireSize.Words(vector);
    }

    private static long UnmaskRequestSize(UnmaskRequest request)
    {
        return IdsSize(request.Survivors, "UnmaskRequest.Survivors") + IdsSize(request.Dropped, "UnmaskRequest.Dropped")
               + IdBytesListSize(request.Signatures, "UnmaskRequest.Signatures", signature => signature.Signature, "Signature");
    }

    private static long UnmaskResponseSize(UnmaskResponse response) =>
        RevealedSharesSize(response.SelfMaskShares, "UnmaskResponse.SelfMaskShares")
        + RevealedSharesSize(response.MaskingKeyShares, "UnmaskResponse.MaskingKeyShares");

    private static long RevealedSharesSize(IReadOnlyList<RevealedShare> shares, string field)
    {
        var size = CountSize(shares, field);
        foreach (var share in shares)
        {
            var words = NotNull(NotNull(share, field + " entry").Share, field + " share");
            if (words.Length > MaxShareWords)
                throw new ArgumentException($"A share in {field} has {words.Length} words, above the limit of {MaxShareWords}.");
            size += WireSize.Int32 + WireSize.UInt64Array(words.Length);
        }
        return size;
    }

    private static long CountSize<T>(IReadOnlyList<T>? list, string field)
    {
        var count = NotNull(list, field).Count;
        if (count > WireLimits.MaxEntryCount)
            throw new ArgumentException($"{field} has {count} entries, above the limit of {WireLimits.MaxEntryCount}.");
        return WireSize.Int32;
    }

    private static long IdsSize(int[]? ids, string field)
    {
        var count = NotNull(ids, field).Length;
        if (count > WireLimits.MaxIdCount)
            throw new ArgumentException($"{field} has {count} ids, above the limit of {WireLimits.MaxIdCount}.");
        return WireSize.Int32Array(count);
    }

    private static long BytesSize(byte[]? bytes, string field)
    {
        var length = NotNull(bytes, field).Length;
        if (length > WireLimits.MaxByteArrayLength)
            throw new ArgumentException($"{field} has {length} bytes, above the limit of {WireLimits.MaxByteArrayLength}.");
        return WireSize.Bytes(length);
    }

    private static T NotNull<T>(T? value, string field) where T : class =>
        value ?? throw new ArgumentException($"{field} is null: a message to encode has no null fields.");

    // ---- decoding ----

    private static AdvertiseKeys ReadKeysBody(ref WireReader reader, SessionId session, int sender)
    {
        var encryptionKey = reader.ReadBytes("AdvertiseKeys.EncryptionPublicKey");
        var maskingKey = reader.ReadBytes("AdvertiseKeys.MaskingPublicKey");
        var signature = reader.ReadBoolean("AdvertiseKeys has-signature flag") ? reader.ReadBytes("AdvertiseKeys.Signature") : null;
        return new AdvertiseKeys(session, sender, encryptionKey, maskingKey, signature);
    }

    private static KeysAdvertised ReadKeysAdvertised(ref WireReader reader, SessionId session, int recipient)
    {
        var keys = new AdvertiseKeys[reader.ReadCount("KeysAdvertised.Keys count", WireLimits.MaxEntryCount, MinKeysEntry)];
        for (var i = 0; i < keys.Length; i++)
        {
            var entrySession = reader.ReadSession("KeysAdvertised entry session");
            var sender = reader.ReadInt32("KeysAdvertised entry sender");
            keys[i] = ReadKeysBody(ref reader, entrySession, sender);
        }
        return new KeysAdvertised(session, recipient, keys);
    }

    private static ShareKeys ReadShareKeys(ref WireReader reader, SessionId session, int sender, bool journalled)
    {
        var shares = ReadIdBytesList(ref reader, "ShareKeys.Shares count", MinShareEntry, "ShareKeys entry recipient", "ShareKeys entry ciphertext",
            (recipient, ciphertext) => new EncryptedShare(recipient, ciphertext));
        var commitment = journalled && reader.IsAtEnd ? null : reader.ReadBytesOfLength("ShareKeys.SelfMaskCommitment", SeedCommitment.Size);
        return new ShareKeys(session, sender, shares, commitment);
    }

    private static SharesForwarded ReadSharesForwarded(ref WireReader reader, SessionId session, int recipient) =>
        new(session, recipient, ReadIdBytesList(ref reader, "SharesForwarded.Shares count", MinShareEntry, "SharesForwarded entry sender",
            "SharesForwarded entry ciphertext", (sender, ciphertext) => new ForwardedShare(sender, ciphertext)));

    private static T[] ReadIdBytesList<T>(ref WireReader reader, string countField, int minEntry, string idField, string bytesField, Func<int, byte[], T> entry)
    {
        var entries = new T[reader.ReadCount(countField, WireLimits.MaxEntryCount, minEntry)];
        for (var i = 0; i < entries.Length; i++)
        {
            var id = reader.ReadInt32(idField);
            entries[i] = entry(id, reader.ReadBytes(bytesField));
        }
        return entries;
    }

    private static UnmaskRequest ReadUnmaskRequest(ref WireReader reader, SessionId session, int recipient)
    {
        var survivors = reader.ReadInt32Array("UnmaskRequest.Survivors");
        var dropped = reader.ReadInt32Array("UnmaskRequest.Dropped");
        var signatures = ReadIdBytesList(ref reader, "UnmaskRequest.Signatures count", MinSignatureEntry, "UnmaskRequest signature signer", "UnmaskRequest signature",
            (signer, signature) => new SurvivorSignature(signer, signature));
        return new UnmaskRequest(session, recipient, survivors, dropped, signatures);
    }

    private static UnmaskResponse ReadUnmaskResponse(ref WireReader reader, SessionId session, int sender)
    {
        var selfMask = ReadRevealedShares(ref reader, "UnmaskResponse.SelfMaskShares");
        var maskingKey = ReadRevealedShares(ref reader, "UnmaskResponse.MaskingKeyShares");
        return new UnmaskResponse(session, sender, selfMask, maskingKey);
    }

    private static RevealedShare[] ReadRevealedShares(ref WireReader reader, string field)
    {
        var shares = new RevealedShare[reader.ReadCount(field, WireLimits.MaxEntryCount, MinRevealedShare)];
        for (var i = 0; i < shares.Length; i++)
            shares[i] = new RevealedShare(reader.ReadInt32(field), reader.ReadUInt64Array(field, MaxShareWords));
        return shares;
    }
}
