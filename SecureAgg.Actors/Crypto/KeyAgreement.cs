using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SecureAgg.Crypto;

/// <summary>
/// KA(sk_u, pk_v): X25519 followed by HKDF-SHA256. The info string carries a purpose label, the session and the
/// unordered pair {u, v}, so both ends derive the same key and a key from one session or purpose is useless in another.
/// </summary>
public static class KeyAgreement
{
    public const int DerivedKeySize = 32;

    private static readonly byte[] ShareEncryptionLabel = Encoding.ASCII.GetBytes("SecAgg v1 share-encryption key");
    private static readonly byte[] PairwiseMaskLabel = Encoding.ASCII.GetBytes("SecAgg v1 pairwise-mask seed");
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("SecAgg v1 X25519-HKDF-SHA256");

    /// <summary>Derives the key; throws <see cref="CryptographicException"/> for a low-order peer key.</summary>
    public static byte[] Derive(byte[] privateKey, byte[] peerPublicKey, KeyPurpose purpose, SessionId session, int self, int peer)
    {
        var key = new byte[DerivedKeySize];
        if (!TryDerive(privateKey, peerPublicKey, purpose, session, self, peer, key))
            throw new CryptographicException($"X25519 agreement with client {peer} failed: invalid or low-order public key.");
        return key;
    }

    public static bool TryDerive(byte[] privateKey, byte[] peerPublicKey, KeyPurpose purpose, SessionId session, int self, int peer, Span<byte> output)
    {
        Span<byte> shared = stackalloc byte[X25519KeyPair.KeySize];
        if (!X25519KeyPair.TryAgree(privateKey, peerPublicKey, shared))
            return false;
        var label = purpose == KeyPurpose.ShareEncryption ? ShareEncryptionLabel : PairwiseMaskLabel;
        Span<byte> info = stackalloc byte[label.Length + SessionId.Size + 8];
        label.CopyTo(info);
        session.WriteTo(info.Slice(label.Length, SessionId.Size));
        BinaryPrimitives.WriteInt32LittleEndian(info.Slice(label.Length + SessionId.Size), Math.Min(self, peer));
        BinaryPrimitives.WriteInt32LittleEndian(info.Slice(label.Length + SessionId.Size + 4), Math.Max(self, peer));
        HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, output, Salt, info);
        CryptographicOperations.ZeroMemory(shared);
        return true;
    }
}
