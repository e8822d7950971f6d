using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Transport;

/// <summary>
/// Puts chunked client messages back together, one in progress per client. Parts must arrive in order (remoting keeps
/// a sender's order) and add up to at most <paramref name="maxMessageBytes"/>, the session's largest message, so a
/// client can make the server hold no more than one whole message would. The result is decoded with the session's m
/// as the vector cap and must name the client that sent the parts.
/// </summary>
public sealed class ChunkAssembly(long maxMessageBytes, int maxVectorLength)
{
    private sealed class Pending(int count)
    {
        public int Count { get; } = count;
        public int Next { get; set; }
        public MemoryStream Bytes { get; } = new();
    }

    private readonly Dictionary<int, Pending> _pending = [];

    /// <summary>
    /// The assembly of a session: messages up to its largest client message (a masked input, or the share messages of
    /// a large neighbourhood), vectors up to its m.
    /// </summary>
    public static ChunkAssembly For(ProtocolParameters parameters) =>
        new(Math.Max(MaskedInputBytes(parameters), ShareMessageBytes(parameters)), parameters.VectorLength);

    /// <summary>An upper bound on a client's share message (ShareKeys) and the server's forwarding of shares.</summary>
    public static long ShareMessageBytes(ProtocolParameters parameters) => (long)parameters.NeighbourhoodSize * 512 + 256;

    /// <summary>An upper bound on an encoded masked input of the session: m words of b bits, plus its header.</summary>
    public static long MaskedInputBytes(ProtocolParameters parameters) => ((long)parameters.VectorLength * parameters.Bits + 7) / 8 + 256;

    /// <summary>The largest number of parts a message of this session can have.</summary>
    public int MaxParts => (int)Math.Min(int.MaxValue, (maxMessageBytes + MessageChunk.PartBytes - 1) / MessageChunk.PartBytes);

    /// <summary>Bytes held for messages not yet complete.</summary>
    public long BytesHeld => _pending.Values.Sum(p => p.Bytes.Length);

    /// <summary>
    /// Adds a part: the decoded message once the last part is in, null while parts are missing. Throws
    /// <see cref="WireFormatException"/> for a part that does not fit (its client's partial message is dropped).
    /// </summary>
    public IClientMessage? Add(MessageChunk chunk)
    {
        try
        {
            return Append(chunk);
        }
        catch (WireFormatException)
        {
            _pending.Remove(chunk.Sender);
            throw;
        }
    }

    /// <summary>Forgets every partial message (the round they belong to has closed).</summary>
    public void Clear() => _pending.Clear();

    private IClientMessage? Append(MessageChunk chunk)
    {
        if (chunk.Count > MaxParts)
            throw new WireFormatException($"A message in {chunk.Count} parts is longer than this session's largest message ({maxMessageBytes:N0} bytes).");
        if (!_pending.TryGetValue(chunk.Sender, out var pending))
        {
            if (chunk.Index != 0)
                throw new WireFormatException($"Part {chunk.Index} of {chunk.Count} arrived without part 0.");
            pending = _pending[chunk.Sender] = new Pending(chunk.Count);
        }
        if (chunk.Count != pending.Count || chunk.Index != pending.Next)
            throw new WireFormatException($"Part {chunk.Index} of {chunk.Count} arrived where part {pending.Next} of {pending.Count} was expected.");
        var last = chunk.Index == chunk.Count - 1;
        if (!last && chunk.Part.Length != MessageChunk.PartBytes)
            throw new WireFormatException($"Part {chunk.Index} of {chunk.Count} has {chunk.Part.Length} bytes; every part but the last has {MessageChunk.PartBytes}.");
        if (pending.Bytes.Length + chunk.Part.Length > maxMessageBytes)
            throw new WireFormatException($"The parts add up to more than this session's largest message ({maxMessageBytes:N0} bytes).");
        pending.Bytes.Write(chunk.Part);
        pending.Next++;
        if (!last)
            return null;
        _pending.Remove(chunk.Sender);
        var message = ProtocolCodec.Decode(pending.Bytes.GetBuffer().AsSpan(0, (int)pending.Bytes.Length), maxVectorLength) as IClientMessage
                      ?? throw new WireFormatException("The reassembled message is not a client message.");
        if (message.Sender != chunk.Sender || message.Session != chunk.Session)
            throw new WireFormatException($"The reassembled message names client {message.Sender} of session {message.Session}; its parts came as client {chunk.Sender} of {chunk.Session}.");
        return message;
    }
}
