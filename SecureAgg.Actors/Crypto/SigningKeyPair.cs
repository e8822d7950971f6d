using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace SecureAgg.Crypto;

/// <summary>A long-term Ed25519 identity key (RFC 8032), used in the active security mode.</summary>
public sealed class SigningKeyPair
{
    public const int KeySize = 32;
    public const int SignatureSize = 64;

    private readonly byte[] _privateKey;

    private SigningKeyPair(byte[] privateKey, byte[] publicKey)
    {
        _privateKey = privateKey;
        PublicKey = publicKey;
    }

    public byte[] PublicKey { get; }

    public static SigningKeyPair Generate() => FromPrivateKey(RandomNumberGenerator.GetBytes(KeySize));

    public static SigningKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeySize)
            throw new ArgumentException($"An Ed25519 private key has {KeySize} bytes, got {privateKey.Length}.", nameof(privateKey));
        var sk = privateKey.ToArray();
        var pk = new byte[KeySize];
        Ed25519.GeneratePublicKey(sk, 0, pk, 0);
        return new SigningKeyPair(sk, pk);
    }

    /// <summary>
    /// A key for another purpose (HKDF-SHA256 over the private key, <paramref name="label"/> as the info): the server's
    /// journal key comes from its identity this way, and tells nothing about the signing key.
    /// </summary>
    internal byte[] DeriveKey(string label, int length) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _privateKey, length, salt: [], info: System.Text.Encoding.UTF8.GetBytes(label));

    public byte[] Sign(byte[] message)
    {
        var signature = new byte[SignatureSize];
        Ed25519.Sign(_privateKey, 0, message, 0, message.Length, signature, 0);
        return signature;
    }

    public static bool Verify(byte[] publicKey, byte[] message, byte[]? signature)
    {
        if (signature is null || signature.Length != SignatureSize || publicKey.Length != KeySize)
            return false;
        return Ed25519.Verify(signature, 0, publicKey, 0, message, 0, message.Length);
    }
}
