using System.Buffers.Binary;
using System.Text;
using SecureAgg.Crypto;

namespace SecureAgg.Protocol;

/// <summary>The exact bytes signed in active mode; labels keep a signature from one context valid in no other.</summary>
public static class SignedPayloads
{
    private static readonly byte[] AdvertiseLabel = Encoding.ASCII.GetBytes("SecAgg v1 AdvertiseKeys");
    private static readonly byte[] ConsistencyLabel = Encoding.ASCII.GetBytes("SecAgg v1 ConsistencyCheck U3");

    public static byte[] AdvertisedKeys(SessionId session, int sender, byte[] encryptionPublicKey, byte[] maskingPublicKey)
    {
        var payload = new byte[AdvertiseLabel.Length + SessionId.Size + 4 + encryptionPublicKey.Length + maskingPublicKey.Length];
        var span = payload.AsSpan();
        AdvertiseLabel.CopyTo(span);
        span = span[AdvertiseLabel.Length..];
        session.WriteTo(span[..SessionId.Size]);
        span = span[SessionId.Size..];
        BinaryPrimitives.WriteInt32LittleEndian(span, sender);
        encryptionPublicKey.CopyTo(span[4..]);
        maskingPublicKey.CopyTo(span[(4 + encryptionPublicKey.Length)..]);
        return payload;
    }

    public static byte[] MaskedInputSenders(SessionId session, IReadOnlyList<int> survivors)
    {
        var payload = new byte[ConsistencyLabel.Length + SessionId.Size + 4 + 4 * survivors.Count];
        var span = payload.AsSpan();
        ConsistencyLabel.CopyTo(span);
        span = span[ConsistencyLabel.Length..];
        session.WriteTo(span[..SessionId.Size]);
        span = span[SessionId.Size..];
        BinaryPrimitives.WriteInt32LittleEndian(span, survivors.Count);
        for (var i = 0; i < survivors.Count; i++)
            BinaryPrimitives.WriteInt32LittleEndian(span[(4 + 4 * i)..], survivors[i]);
        return payload;
    }
}
