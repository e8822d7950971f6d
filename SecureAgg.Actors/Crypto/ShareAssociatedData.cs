using System.Buffers.Binary;
using System.Text;

namespace SecureAgg.Crypto;

/// <summary>Associated data for a share ciphertext: label ‖ session ‖ protocol round ‖ sender ‖ receiver.</summary>
public static class ShareAssociatedData
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("SecAgg v1 share ciphertext");

    public static int Size => Label.Length + SessionId.Size + 1 + 4 + 4;

    public static byte[] Create(SessionId session, int protocolRound, int sender, int receiver)
    {
        var ad = new byte[Size];
        Label.CopyTo(ad, 0);
        var offset = Label.Length;
        session.WriteTo(ad.AsSpan(offset, SessionId.Size));
        offset += SessionId.Size;
        ad[offset++] = checked((byte)protocolRound);
        BinaryPrimitives.WriteInt32LittleEndian(ad.AsSpan(offset), sender);
        BinaryPrimitives.WriteInt32LittleEndian(ad.AsSpan(offset + 4), receiver);
        return ad;
    }
}
