using SecureAgg.Protocol.Messages;

namespace SecureAgg.Actors.Transport;

/// <summary>How a client message goes over the network: whole when it fits in one part, else as chunks.</summary>
public static class MessageChunks
{
    /// <summary>The message itself, or its encoding in <see cref="MessageChunk.PartBytes"/> parts (in order).</summary>
    public static IReadOnlyList<object> Split(IClientMessage message)
    {
        if (ProtocolCodec.EncodedSize(message) <= MessageChunk.PartBytes)
            return [message];
        var encoded = ProtocolCodec.Encode(message);
        var count = (encoded.Length + MessageChunk.PartBytes - 1) / MessageChunk.PartBytes;
        var chunks = new object[count];
        for (var i = 0; i < count; i++)
        {
            var start = i * MessageChunk.PartBytes;
            chunks[i] = new MessageChunk(message.Session, message.Sender, i, count, encoded[start..Math.Min(encoded.Length, start + MessageChunk.PartBytes)]);
        }
        return chunks;
    }
}
