using SecureAgg.Crypto;

namespace SecureAgg.Tests.Crypto;

/// <summary>Ed25519 (RFC 8032) through <see cref="SigningKeyPair"/>.</summary>
public sealed class Ed25519Specs
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    // RFC 8032, section 7.1, TEST 1 and TEST 2.
    [Theory]
    [InlineData(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData(
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Rfc8032_7_1(string secretKey, string publicKey, string message, string signature)
    {
        var pair = SigningKeyPair.FromPrivateKey(Hex(secretKey));
        Assert.Equal(Hex(publicKey), pair.PublicKey);

        var actual = pair.Sign(Hex(message));
        Assert.Equal(Hex(signature), actual);
        Assert.True(SigningKeyPair.Verify(Hex(publicKey), Hex(message), Hex(signature)));
    }

    [Theory]
    [InlineData(
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData(
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Rfc8032_AnyFlippedBitInSignatureOrPublicKey_Fails(string publicKey, string message, string signature)
    {
        var pk = Hex(publicKey);
        var msg = Hex(message);
        var sig = Hex(signature);
        Assert.True(SigningKeyPair.Verify(pk, msg, sig));

        for (var bit = 0; bit < 8 * sig.Length; bit++)
        {
            var bad = (byte[])sig.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SigningKeyPair.Verify(pk, msg, bad), $"signature with bit {bit} flipped verified");
        }
        for (var bit = 0; bit < 8 * pk.Length; bit++)
        {
            var bad = (byte[])pk.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SigningKeyPair.Verify(bad, msg, sig), $"public key with bit {bit} flipped verified");
        }
    }

    [Fact]
    public void Rfc8032_Test2_FlippedMessageBit_Fails()
    {
        var pk = Hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        var sig = Hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
        for (var bit = 0; bit < 8; bit++)
            Assert.False(SigningKeyPair.Verify(pk, [(byte)(0x72 ^ (1 << bit))], sig));
        // Neither a longer nor an empty message.
        Assert.False(SigningKeyPair.Verify(pk, [0x72, 0x00], sig));
        Assert.False(SigningKeyPair.Verify(pk, [], sig));
    }

    [Fact]
    public void SignThenVerify_RoundTripsAndAnyFlippedMessageBitFails()
    {
        var rng = new Random(8032);
        var pair = SigningKeyPair.Generate();
        var message = new byte[100];
        rng.NextBytes(message);

        var signature = pair.Sign(message);
        Assert.Equal(SigningKeyPair.SignatureSize, signature.Length);
        Assert.True(SigningKeyPair.Verify(pair.PublicKey, message, signature));
        // Deterministic (RFC 8032 signatures do not depend on randomness).
        Assert.Equal(signature, pair.Sign(message));

        for (var bit = 0; bit < 8 * message.Length; bit++)
        {
            var bad = (byte[])message.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SigningKeyPair.Verify(pair.PublicKey, bad, signature), $"message with bit {bit} flipped verified");
        }

        // Another key's public key does not verify it.
        Assert.False(SigningKeyPair.Verify(SigningKeyPair.Generate().PublicKey, message, signature));
    }

    [Fact]
    public void WrongLengthOrNullSignature_Fails()
    {
        var pair = SigningKeyPair.Generate();
        var message = "hello"u8.ToArray();
        var signature = pair.Sign(message);

        Assert.False(SigningKeyPair.Verify(pair.PublicKey, message, null));
        Assert.False(SigningKeyPair.Verify(pair.PublicKey, message, []));
        Assert.False(SigningKeyPair.Verify(pair.PublicKey, message, signature[..63]));
        Assert.False(SigningKeyPair.Verify(pair.PublicKey, message, [.. signature, 0]));
        Assert.False(SigningKeyPair.Verify(pair.PublicKey, message, new byte[SigningKeyPair.SignatureSize]));
        Assert.False(SigningKeyPair.Verify(pair.PublicKey[..31], message, signature));
        Assert.False(SigningKeyPair.Verify([.. pair.PublicKey, 0], message, signature));
        Assert.True(SigningKeyPair.Verify(pair.PublicKey, message, signature));
    }

    [Fact]
    public void FromPrivateKey_RejectsWrongLength()
    {
        Assert.Throws<ArgumentException>(() => SigningKeyPair.FromPrivateKey(new byte[31]));
        Assert.Throws<ArgumentException>(() => SigningKeyPair.FromPrivateKey(new byte[64]));
    }
}
