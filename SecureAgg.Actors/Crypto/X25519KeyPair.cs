using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace SecureAgg.Crypto;

/// <summary>
/// An X25519 key pair (RFC 7748). The private key comes from the OS CSPRNG. Agreements run in OpenSSL's libcrypto when
/// it is usable (on Linux the library the framework itself uses; about twice as fast, and a round does thousands of
/// agreements), else in BouncyCastle, the portable fallback and the cross-check in tests.
/// </summary>
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

    /// <summary>"openssl" or "bouncycastle": which implementation this process uses, for reports.</summary>
    public static string Backend => OpenSslX25519.IsAvailable ? "openssl" : "bouncycastle";

    public static X25519KeyPair Generate() => FromPrivateKey(RandomNumberGenerator.GetBytes(KeySize));

    public static X25519KeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeySize)
            throw new ArgumentException($"An X25519 private key has {KeySize} bytes, got {privateKey.Length}.", nameof(privateKey));
        var sk = privateKey.ToArray();
        var pk = new byte[KeySize];
        // BouncyCastle on every platform: its fixed-base multiplication measured no slower than OpenSSL's (~22 µs
        // each), and there are only a few key pairs per client per round.
        BouncyCastlePublicKey(sk, pk);
        return new X25519KeyPair(sk, pk);
    }

    /// <summary>Raw X25519 shared secret; false when the peer key is a low-order point (all-zero output).</summary>
    public static bool TryAgree(byte[] privateKey, byte[] peerPublicKey, Span<byte> sharedSecret)
    {
        if (privateKey.Length != KeySize || peerPublicKey.Length != KeySize || sharedSecret.Length != KeySize)
            return false;
        return OpenSslX25519.IsAvailable
            ? OpenSslX25519.TryAgree(privateKey, peerPublicKey, sharedSecret)
            : BouncyCastleTryAgree(privateKey, peerPublicKey, sharedSecret);
    }

    internal static void BouncyCastlePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey) =>
        X25519.GeneratePublicKey(privateKey, publicKey);

    internal static bool BouncyCastleTryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        if (X25519.CalculateAgreement(privateKey, peerPublicKey, sharedSecret))
            return true;
        CryptographicOperations.ZeroMemory(sharedSecret);
        return false;
    }

    // Any scalar works: a clamped scalar is a multiple of 8, so it maps every low-order point to the all-zero output.
    private static readonly byte[] ProbeScalar = Enumerable.Repeat((byte)0x5a, KeySize).ToArray();

    /// <summary>False for a public key that no agreement can use: a low-order point (all-zero shared secret).</summary>
    public static bool IsUsablePublicKey(byte[] publicKey)
    {
        Span<byte> shared = stackalloc byte[KeySize];
        var usable = publicKey.Length == KeySize && TryAgree(ProbeScalar, publicKey, shared);
        CryptographicOperations.ZeroMemory(shared);
        return usable;
    }
}
