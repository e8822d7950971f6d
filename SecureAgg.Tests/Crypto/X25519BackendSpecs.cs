using System.Security.Cryptography;
using SecureAgg.Crypto;

namespace SecureAgg.Tests.Crypto;

/// <summary>Runs only where the OpenSSL backend loaded and passed its start-up known-answer test.</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (!OpenSslX25519.IsAvailable)
            Skip = OpenSslUnavailable.Reason;
    }
}

/// <summary>Theory counterpart of <see cref="OpenSslFactAttribute"/>.</summary>
public sealed class OpenSslTheoryAttribute : TheoryAttribute
{
    public OpenSslTheoryAttribute()
    {
        if (!OpenSslX25519.IsAvailable)
            Skip = OpenSslUnavailable.Reason;
    }
}

internal static class OpenSslUnavailable
{
    public const string Reason =
        "OpenSSL X25519 backend unavailable (no usable OpenSSL 3 libcrypto, or SECAGG_X25519=bouncycastle); only BouncyCastle is tested.";
}

/// <summary>
/// Both X25519 backends against RFC 7748's vectors and against each other: BouncyCastle is the reference the OpenSSL
/// path must match bit for bit, including refusing low-order peer keys.
/// </summary>
public class X25519BackendSpecs
{
    private const int KeySize = X25519KeyPair.KeySize;

    // RFC 7748 §6.1
    private static readonly byte[] AlicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static readonly byte[] AlicePublic = Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static readonly byte[] BobPrivate = Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static readonly byte[] BobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static readonly byte[] SharedSecret = Convert.FromHexString("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    // RFC 7748 §5.2, first vector (also the OpenSSL backend's start-up probe)
    private static readonly byte[] Scalar52 = Convert.FromHexString("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
    private static readonly byte[] U52 = Convert.FromHexString("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
    private static readonly byte[] Output52 = Convert.FromHexString("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");

    private delegate bool Agree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> shared);
    private delegate bool PublicKeyOf(ReadOnlySpan<byte> privateKey, Span<byte> publicKey);

    private static readonly Agree BouncyCastleAgree = X25519KeyPair.BouncyCastleTryAgree;
    private static readonly PublicKeyOf BouncyCastlePublicKey = (sk, pk) =>
    {
        X25519KeyPair.BouncyCastlePublicKey(sk, pk);
        return true;
    };
    private static readonly Agree OpenSslAgree = OpenSslX25519.TryAgree;
    private static readonly PublicKeyOf OpenSslPublicKey = OpenSslX25519.TryGetPublicKey;

    [Fact]
    public void BouncyCastle_reproduces_the_RFC_7748_vectors() => AssertRfcVectors(BouncyCastleAgree, BouncyCastlePublicKey);

    [OpenSslFact]
    public void OpenSsl_reproduces_the_RFC_7748_vectors() => AssertRfcVectors(OpenSslAgree, OpenSslPublicKey);

    [Fact]
    public void The_selected_backend_is_reported_and_reproduces_the_RFC_7748_shared_secret()
    {
        Assert.Equal(OpenSslX25519.IsAvailable ? "openssl" : "bouncycastle", X25519KeyPair.Backend);
        var shared = new byte[KeySize];
        Assert.True(X25519KeyPair.TryAgree(AlicePrivate, BobPublic, shared));
        Assert.Equal(SharedSecret, shared);
        Assert.Equal(AlicePublic, X25519KeyPair.FromPrivateKey(AlicePrivate).PublicKey);
        Assert.Equal(BobPublic, X25519KeyPair.FromPrivateKey(BobPrivate).PublicKey);
    }

    [Fact]
    public void Generated_key_pairs_agree_with_each_other_through_the_selected_backend()
    {
        var alice = X25519KeyPair.Generate();
        var bob = X25519KeyPair.Generate();
        var ab = new byte[KeySize];
        var ba = new byte[KeySize];
        Assert.True(X25519KeyPair.TryAgree(alice.PrivateKey, bob.PublicKey, ab));
        Assert.True(X25519KeyPair.TryAgree(bob.PrivateKey, alice.PublicKey, ba));
        Assert.Equal(ab, ba);
        Assert.NotEqual(new byte[KeySize], ab);
    }

    [OpenSslFact]
    public void OpenSsl_and_BouncyCastle_give_identical_public_keys_and_shared_secrets_on_200_random_key_pairs()
    {
        for (var i = 0; i < 200; i++)
        {
            var a = RandomNumberGenerator.GetBytes(KeySize);
            var b = RandomNumberGenerator.GetBytes(KeySize);
            var pa = PublicKeyThroughBoth(a);
            var pb = PublicKeyThroughBoth(b);

            var ab = SharedThroughBoth(a, pb);
            var ba = SharedThroughBoth(b, pa);
            Assert.Equal(ab, ba);
        }
    }

    [OpenSslFact]
    public void OpenSsl_and_BouncyCastle_agree_on_arbitrary_32_byte_peer_values_including_bit_255_and_non_canonical_u()
    {
        // RFC 7748 §5: the top bit of u is ignored and u >= p is accepted (reduced). Both backends must do the same.
        for (var i = 0; i < 200; i++)
        {
            var sk = RandomNumberGenerator.GetBytes(KeySize);
            var u = RandomNumberGenerator.GetBytes(KeySize);
            if (i % 2 == 0)
                u[31] |= 0x80;
            var viaBouncyCastle = new byte[KeySize];
            var viaOpenSsl = new byte[KeySize];
            Assert.Equal(BouncyCastleAgree(sk, u, viaBouncyCastle), OpenSslAgree(sk, u, viaOpenSsl));
            Assert.Equal(viaBouncyCastle, viaOpenSsl);
        }

        var scalar = RandomNumberGenerator.GetBytes(KeySize);
        var nonCanonical = Convert.FromHexString("f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"); // p + 3
        var canonical = Convert.FromHexString("0300000000000000000000000000000000000000000000000000000000000000");
        var reduced = new byte[KeySize];
        var direct = new byte[KeySize];
        Assert.Equal(BouncyCastleAgree(scalar, canonical, direct), OpenSslAgree(scalar, nonCanonical, reduced));
        Assert.Equal(direct, reduced);
    }

    [OpenSslFact]
    public void OpenSsl_is_consistent_with_BouncyCastle_when_called_from_Parallel_For()
    {
        var keys = Enumerable.Range(0, 64).Select(_ => RandomNumberGenerator.GetBytes(KeySize)).ToArray();
        var publics = keys.Select(k =>
        {
            var pk = new byte[KeySize];
            X25519KeyPair.BouncyCastlePublicKey(k, pk);
            return pk;
        }).ToArray();
        var mismatches = 0;
        Parallel.For(0, 2000, i =>
        {
            Span<byte> viaOpenSsl = stackalloc byte[KeySize];
            Span<byte> viaBouncyCastle = stackalloc byte[KeySize];
            var sk = keys[i % keys.Length];
            var pk = publics[(i * 7 + 3) % publics.Length];
            if (!OpenSslAgree(sk, pk, viaOpenSsl) || !BouncyCastleAgree(sk, pk, viaBouncyCastle)
                || !viaOpenSsl.SequenceEqual(viaBouncyCastle))
                Interlocked.Increment(ref mismatches);
        });
        Assert.Equal(0, mismatches);
    }

    /// <summary>
    /// Points of order 1, 2, 4 and 8 on the curve and its twist, canonical and not: the clamped scalar is a multiple
    /// of 8, so each gives the all-zero output RFC 7748 §6.1 says to reject.
    /// </summary>
    public static TheoryData<string> LowOrderPoints() => new()
    {
        "0000000000000000000000000000000000000000000000000000000000000000", // u = 0
        "0100000000000000000000000000000000000000000000000000000000000000", // u = 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p - 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p, i.e. 0
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p + 1, i.e. 1
        "0000000000000000000000000000000000000000000000000000000000000080", // u = 0 with bit 255 set
        "0100000000000000000000000000000000000000000000000000000000000080", // u = 1 with bit 255 set
    };

    [Theory]
    [MemberData(nameof(LowOrderPoints))]
    public void BouncyCastle_refuses_a_low_order_peer_key(string peerHex) =>
        AssertRefused(BouncyCastleAgree, Convert.FromHexString(peerHex));

    [OpenSslTheory]
    [MemberData(nameof(LowOrderPoints))]
    public void OpenSsl_refuses_a_low_order_peer_key(string peerHex) =>
        AssertRefused(OpenSslAgree, Convert.FromHexString(peerHex));

    [Theory]
    [MemberData(nameof(LowOrderPoints))]
    public void The_selected_backend_refuses_a_low_order_peer_key(string peerHex) =>
        AssertRefused((sk, pk, shared) => X25519KeyPair.TryAgree(sk.ToArray(), pk.ToArray(), shared), Convert.FromHexString(peerHex));

    [OpenSslFact]
    public void OpenSsl_refuses_wrong_lengths()
    {
        var shared = new byte[KeySize];
        Assert.False(OpenSslX25519.TryAgree(new byte[31], BobPublic, shared));
        Assert.False(OpenSslX25519.TryAgree(AlicePrivate, new byte[33], shared));
        Assert.False(OpenSslX25519.TryAgree(AlicePrivate, BobPublic, new byte[16]));
        Assert.False(OpenSslX25519.TryGetPublicKey(new byte[16], new byte[KeySize]));
        Assert.False(OpenSslX25519.TryGetPublicKey(AlicePrivate, new byte[31]));
    }

    private static void AssertRfcVectors(Agree agree, PublicKeyOf publicKeyOf)
    {
        var buffer = new byte[KeySize];
        Assert.True(publicKeyOf(AlicePrivate, buffer));
        Assert.Equal(AlicePublic, buffer);
        Assert.True(publicKeyOf(BobPrivate, buffer));
        Assert.Equal(BobPublic, buffer);

        Assert.True(agree(AlicePrivate, BobPublic, buffer));
        Assert.Equal(SharedSecret, buffer);
        Assert.True(agree(BobPrivate, AlicePublic, buffer));
        Assert.Equal(SharedSecret, buffer);

        Assert.True(agree(Scalar52, U52, buffer));
        Assert.Equal(Output52, buffer);
    }

    private static void AssertRefused(Agree agree, byte[] lowOrderPeer)
    {
        for (var i = 0; i < 4; i++)
        {
            var shared = RandomNumberGenerator.GetBytes(KeySize);
            Assert.False(agree(RandomNumberGenerator.GetBytes(KeySize), lowOrderPeer, shared));
            Assert.Equal(new byte[KeySize], shared); // nothing usable is left behind
        }
    }

    private static byte[] PublicKeyThroughBoth(byte[] privateKey)
    {
        var viaBouncyCastle = new byte[KeySize];
        var viaOpenSsl = new byte[KeySize];
        Assert.True(BouncyCastlePublicKey(privateKey, viaBouncyCastle));
        Assert.True(OpenSslPublicKey(privateKey, viaOpenSsl));
        Assert.Equal(viaBouncyCastle, viaOpenSsl);
        return viaBouncyCastle;
    }

    private static byte[] SharedThroughBoth(byte[] privateKey, byte[] peerPublicKey)
    {
        var viaBouncyCastle = new byte[KeySize];
        var viaOpenSsl = new byte[KeySize];
        Assert.True(BouncyCastleAgree(privateKey, peerPublicKey, viaBouncyCastle));
        Assert.True(OpenSslAgree(privateKey, peerPublicKey, viaOpenSsl));
        Assert.Equal(viaBouncyCastle, viaOpenSsl);
        return viaBouncyCastle;
    }
}
