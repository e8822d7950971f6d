using System.Security.Cryptography;

namespace SecureAgg.Tests.Crypto;

/// <summary>
/// RFC 5869 (HKDF-SHA256) known answers against the framework's <see cref="HKDF"/>, which
/// <c>KeyAgreement</c> relies on for every derived key.
/// </summary>
public sealed class HkdfSpecs
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Theory]
    // Test case 1: basic test case with SHA-256.
    [InlineData(
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "000102030405060708090a0b0c",
        "f0f1f2f3f4f5f6f7f8f9",
        42,
        "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")]
    // Test case 3: SHA-256 with zero-length salt and info.
    [InlineData(
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "",
        "",
        42,
        "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")]
    public void Rfc5869_Sha256(string ikm, string salt, string info, int length, string prk, string okm)
    {
        var actualPrk = HKDF.Extract(HashAlgorithmName.SHA256, Hex(ikm), Hex(salt));
        Assert.Equal(Hex(prk), actualPrk);

        Assert.Equal(Hex(okm), HKDF.Expand(HashAlgorithmName.SHA256, actualPrk, length, Hex(info)));
        Assert.Equal(Hex(okm), HKDF.DeriveKey(HashAlgorithmName.SHA256, Hex(ikm), length, Hex(salt), Hex(info)));

        // The span overload, as KeyAgreement calls it.
        var output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Hex(ikm), output, Hex(salt), Hex(info));
        Assert.Equal(Hex(okm), output);

        // Output of HKDF-Expand is prefix-consistent: a 32-byte key is the first 32 bytes of the 42-byte answer.
        Assert.Equal(Hex(okm)[..32], HKDF.DeriveKey(HashAlgorithmName.SHA256, Hex(ikm), 32, Hex(salt), Hex(info)));
    }

    [Fact]
    public void EmptySalt_IsTheSameAsHashLengthZeros()
    {
        var ikm = Hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        Assert.Equal(
            HKDF.Extract(HashAlgorithmName.SHA256, ikm, new byte[32]),
            HKDF.Extract(HashAlgorithmName.SHA256, ikm, []));
    }
}
