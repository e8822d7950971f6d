using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace SecAgg.Crypto;

/// <summary>An X25519 key pair (RFC 7748). The private key comes from the OS CSPRNG.</summary>
public sealed class X25519KeyPair
{
    public const int KeySize = 32;

    private X25519KeyPair(byte[] privateKey, byte[] publicKey)
    {
        PrivateKey = privateKey;
        PublicKey = publicKey;
    }

    public byte[] PrivateKey { get; }
    public byte[] PublicKey { get; }

    public static X25519KeyPair Generate() => FromPrivateKey(RandomNumberGenerator.GetBytes(KeySize));

    public static X25519KeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeySize)
            throw new ArgumentException($"An X25519 private key has {KeySize} bytes, got {privateKey.Length}.", nameof(privateKey));
        var sk = privateKey.ToArray();
        var pk = new byte[KeySize];
        X25519.GeneratePublicKey(sk, 0, pk, 0);
        return new X25519KeyPair(sk, pk);
    }

    /// <summary>Raw X25519 shared secret; false when the peer key is a low-order point (all-zero output).</summary>
    public static bool TryAgree(byte[] privateKey, byte[] peerPublicKey, Span<byte> sharedSecret)
    {
        if (privateKey.Length != KeySize || peerPublicKey.Length != KeySize || sharedSecret.Length != KeySize)
            return false;
        var shared = new byte[KeySize];
        var ok = X25519.CalculateAgreement(privateKey, 0, peerPublicKey, 0, shared, 0);
        shared.CopyTo(sharedSecret);
        CryptographicOperations.ZeroMemory(shared);
        return ok;
    }
}
