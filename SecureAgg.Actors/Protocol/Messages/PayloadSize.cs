using SecureAgg.Serialization;

namespace SecureAgg.Protocol.Messages;

/// <summary>
/// Bytes a message takes on the wire: exactly the length of its <see cref="ProtocolCodec"/> encoding (1-byte type tag,
/// session, client id, length-prefixed keys, signatures and ciphertexts, 4-byte counts and ids, vector words packed at
/// their bit width), computed without encoding. Used to report communication cost the way the SecAgg papers do;
/// framing added by a transport is not counted.
/// </summary>
public static class PayloadSize
{
    /// <param name="message">The message.</param>
    /// <param name="bits">Unused, kept for existing callers: the encoding packs a masked input at its own width, which is b
    /// for uniform words mod 2^b.</param>
    public static long Of(IProtocolMessage message, int bits) => ProtocolCodec.EncodedSize(message);
}
