using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SecureAgg.Crypto;

namespace SecureAgg.Tests.Crypto;

/// <summary>X25519 (RFC 7748) through <see cref="X25519KeyPair"/>, and the HKDF-based <see cref="KeyAgreement"/> on top.</summary>
public sealed class X25519Specs
{
    // RFC 7748, section 6.1 (Diffie–Hellman).
    private const string AlicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPrivate = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string SharedSecret = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Fact]
    public void Rfc7748_6_1_PublicKeysMatch()
    {
        Assert.Equal(Hex(AlicePublic), X25519KeyPair.FromPrivateKey(Hex(AlicePrivate)).PublicKey);
        Assert.Equal(Hex(BobPublic), X25519KeyPair.FromPrivateKey(Hex(BobPrivate)).PublicKey);
    }

    [Fact]
    public void Rfc7748_6_1_BothSidesAgreeOnTheSharedSecret()
    {
        var alice = X25519KeyPair.FromPrivateKey(Hex(AlicePrivate));
        var bob = X25519KeyPair.FromPrivateKey(Hex(BobPrivate));

        var k1 = new byte[X25519KeyPair.KeySize];
        var k2 = new byte[X25519KeyPair.KeySize];
        Assert.True(X25519KeyPair.TryAgree(alice.PrivateKey, bob.PublicKey, k1));
        Assert.True(X25519KeyPair.TryAgree(bob.PrivateKey, alice.PublicKey, k2));

        Assert.Equal(Hex(SharedSecret), k1);
        Assert.Equal(Hex(SharedSecret), k2);
    }

    // RFC 7748, section 5.2: unclamped scalars and u-coordinates with the top bit set (both must be handled per the RFC).
    [Theory]
    [InlineData(
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [InlineData(
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    public void Rfc7748_5_2_ScalarMultiplication(string scalar, string u, string expected)
    {
        var output = new byte[X25519KeyPair.KeySize];
        Assert.True(X25519KeyPair.TryAgree(Hex(scalar), Hex(u), output));
        Assert.Equal(Hex(expected), output);
    }

    // RFC 7748, section 5.2, iterated: k = u = 9; repeatedly (k, u) ← (X25519(k, u), k).
    [Fact]
    public void Rfc7748_5_2_Iterated1And1000Times()
    {
        var k = new byte[X25519KeyPair.KeySize];
        var u = new byte[X25519KeyPair.KeySize];
        k[0] = 9;
        u[0] = 9;
        for (var i = 1; i <= 1000; i++)
        {
            var next = new byte[X25519KeyPair.KeySize];
            Assert.True(X25519KeyPair.TryAgree(k, u, next));
            u = k;
            k = next;
            if (i == 1)
                Assert.Equal(Hex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"), k);
        }
        Assert.Equal(Hex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"), k);
    }

    // u-coordinates of small-order points (and their non-canonical encodings): with a clamped scalar the result is 0.
    private static readonly string[] LowOrderHex =
   
    {
        "0000000000000000000000000000000000000000000000000000000000000000", // 0
        "0100000000000000000000000000000000000000000000000000000000000000", // 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p − 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p (≡ 0)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1 (≡ 1)
    };

    public static TheoryData<string> LowOrderPoints => new(LowOrderHex);

    [Theory]
    [MemberData(nameof(LowOrderPoints))]
    public void LowOrderPeerKey_IsRejected(string peer)
    {
        var self = X25519KeyPair.FromPrivateKey(Hex(AlicePrivate));
        var shared = new byte[X25519KeyPair.KeySize];
        Assert.False(X25519KeyPair.TryAgree(self.PrivateKey, Hex(peer), shared));
        Assert.All(shared, b => Assert.Equal(0, b));

        var session = new SessionId(Guid.NewGuid());
        foreach (var purpose in new[] { KeyPurpose.ShareEncryption, KeyPurpose.PairwiseMaskSeed })
        {
            Assert.Throws<CryptographicException>(() => KeyAgreement.Derive(self.PrivateKey, Hex(peer), purpose, session, 1, 2));
            Assert.False(KeyAgreement.TryDerive(self.PrivateKey, Hex(peer), purpose, session, 1, 2, new byte[KeyAgreement.DerivedKeySize]));
        }
    }

    [Fact]
    public void WrongLengths_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => X25519KeyPair.FromPrivateKey(new byte[31]));
        Assert.Throws<ArgumentException>(() => X25519KeyPair.FromPrivateKey(new byte[33]));

        var alice = X25519KeyPair.FromPrivateKey(Hex(AlicePrivate));
        var bob = X25519KeyPair.FromPrivateKey(Hex(BobPrivate));
        Assert.False(X25519KeyPair.TryAgree(alice.PrivateKey, bob.PublicKey[..31], new byte[32]));
        Assert.False(X25519KeyPair.TryAgree(alice.PrivateKey[..31], bob.PublicKey, new byte[32]));
        Assert.False(X25519KeyPair.TryAgree(alice.PrivateKey, bob.PublicKey, new byte[31]));
        Assert.Throws<CryptographicException>(() =>
            KeyAgreement.Derive(alice.PrivateKey, bob.PublicKey[..31], KeyPurpose.ShareEncryption, SessionId.New(), 1, 2));
    }

    [Fact]
    public void Generate_GivesFreshConsistentKeyPairs()
    {
        var a = X25519KeyPair.Generate();
        var b = X25519KeyPair.Generate();
        Assert.NotEqual(a.PrivateKey, b.PrivateKey);
        Assert.NotEqual(a.PublicKey, b.PublicKey);
        Assert.Equal(X25519KeyPair.FromPrivateKey(a.PrivateKey).PublicKey, a.PublicKey);
    }

    [Fact]
    public void Derive_IsSymmetric()
    {
        var session = SessionId.New();
        for (var trial = 0; trial < 10; trial++)
        {
            var a = X25519KeyPair.Generate();
            var b = X25519KeyPair.Generate();
            foreach (var purpose in new[] { KeyPurpose.ShareEncryption, KeyPurpose.PairwiseMaskSeed })
            {
                var ab = KeyAgreement.Derive(a.PrivateKey, b.PublicKey, purpose, session, 1, 2);
                var ba = KeyAgreement.Derive(b.PrivateKey, a.PublicKey, purpose, session, 2, 1);
                Assert.Equal(KeyAgreement.DerivedKeySize, ab.Length);
                Assert.Equal(ab, ba);

                var span = new byte[KeyAgreement.DerivedKeySize];
                Assert.True(KeyAgreement.TryDerive(b.PrivateKey, a.PublicKey, purpose, session, 2, 1, span));
                Assert.Equal(ab, span);
            }
        }
    }

    [Fact]
    public void Derive_SeparatesPurposesSessionsAndPairs()
    {
        var a = X25519KeyPair.Generate();
        var b = X25519KeyPair.Generate();
        var s1 = SessionId.New();
        var s2 = SessionId.New();

        var baseline = KeyAgreement.Derive(a.PrivateKey, b.PublicKey, KeyPurpose.ShareEncryption, s1, 1, 2);
        var keys = new List<byte[]>
        {
            baseline,
            KeyAgreement.Derive(a.PrivateKey, b.PublicKey, KeyPurpose.PairwiseMaskSeed, s1, 1, 2),
            KeyAgreement.Derive(a.PrivateKey, b.PublicKey, KeyPurpose.ShareEncryption, s2, 1, 2),
            KeyAgreement.Derive(a.PrivateKey, b.PublicKey, KeyPurpose.PairwiseMaskSeed, s2, 1, 2),
            KeyAgreement.Derive(a.PrivateKey, b.PublicKey, KeyPurpose.ShareEncryption, s1, 1, 3),
            KeyAgreement.Derive(a.PrivateKey, b.PublicKey, KeyPurpose.ShareEncryption, s1, 3, 2),
        };
        for (var i = 0; i < keys.Count; i++)
            for (var j = i + 1; j < keys.Count; j++)
                Assert.False(keys[i].AsSpan().SequenceEqual(keys[j]), $"keys {i} and {j} collide");

        // Deterministic: the same inputs give the same key.
        Assert.Equal(baseline, KeyAgreement.Derive(a.PrivateKey, b.PublicKey, KeyPurpose.ShareEncryption, s1, 1, 2));
        // Not the raw X25519 output.
        var raw = new byte[32];
        Assert.True(X25519KeyPair.TryAgree(a.PrivateKey, b.PublicKey, raw));
        Assert.NotEqual(raw, baseline);
    }

    /// <summary>
    /// Pins the documented construction (so a silent change of labels or layout — which would break interoperability
    /// between versions — is caught): HKDF-SHA256(ikm = X25519 output, salt, info = label ‖ session ‖ min ‖ max).
    /// </summary>
    [Fact]
    public void Derive_IsHkdfSha256OverTheRfcSharedSecret()
    {
        var session = new SessionId(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));
        var salt = Encoding.ASCII.GetBytes("SecAgg v1 X25519-HKDF-SHA256");
        foreach (var (purpose, label) in new[]
                 {
                     (KeyPurpose.ShareEncryption, "SecAgg v1 share-encryption key"),
                     (KeyPurpose.PairwiseMaskSeed, "SecAgg v1 pairwise-mask seed"),
                 })
        {
            var info = new byte[label.Length + SessionId.Size + 8];
            Encoding.ASCII.GetBytes(label).CopyTo(info, 0);
            session.WriteTo(info.AsSpan(label.Length, SessionId.Size));
            BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(label.Length + SessionId.Size), 3);
            BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(label.Length + SessionId.Size + 4), 7);
            var expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, Hex(SharedSecret), 32, salt, info);

            Assert.Equal(expected, KeyAgreement.Derive(Hex(AlicePrivate), Hex(BobPublic), purpose, session, 7, 3));
            Assert.Equal(expected, KeyAgreement.Derive(Hex(BobPrivate), Hex(AlicePublic), purpose, session, 3, 7));
        }
    }
}
