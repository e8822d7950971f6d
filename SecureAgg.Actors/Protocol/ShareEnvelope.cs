using System.Buffers.Binary;
using SecureAgg.Crypto;

namespace SecureAgg.Protocol;

/// <summary>The plaintext inside a share ciphertext: u ‖ v ‖ share of s_sk_u ‖ share of b_u (little-endian).</summary>
public static class ShareEnvelope
{
    private const int ShareBytes = ShamirSecretSharing.ChunksPerSecret * 8;
    public const int Size = 4 + 4 + 2 * ShareBytes;
    public const int CiphertextSize = Size + AuthenticatedEncryption.Overhead;

    public static byte[] Encode(int owner, int holder, ulong[] maskingKeyShare, ulong[] selfMaskShare)
    {
        var plaintext = new byte[Size];
        BinaryPrimitives.WriteInt32LittleEndian(plaintext, owner);
        BinaryPrimitives.WriteInt32LittleEndian(plaintext.AsSpan(4), holder);
        WriteShare(plaintext.AsSpan(8, ShareBytes), maskingKeyShare);
        WriteShare(plaintext.AsSpan(8 + ShareBytes, ShareBytes), selfMaskShare);
        return plaintext;
    }

    public static (int Owner, int Holder, ulong[] MaskingKeyShare, ulong[] SelfMaskShare) Decode(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length != Size)
            throw new ArgumentException($"A share envelope has {Size} bytes, got {plaintext.Length}.", nameof(plaintext));
        return (BinaryPrimitives.ReadInt32LittleEndian(plaintext), BinaryPrimitives.ReadInt32LittleEndian(plaintext[4..]),
            ReadShare(plaintext.Slice(8, ShareBytes)), ReadShare(plaintext.Slice(8 + ShareBytes, ShareBytes)));
    }

    private static void WriteShare(Span<byte> destination, ulong[] share)
    {
        for (var i = 0; i < share.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(8 * i)..], share[i]);
    }

    private static ulong[] ReadShare(ReadOnlySpan<byte> source)
    {
        var share = new ulong[ShamirSecretSharing.ChunksPerSecret];
        for (var i = 0; i < share.Length; i++)
            share[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(8 * i)..]);
        return share;
    }
}
