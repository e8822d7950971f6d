using System.Security.Cryptography;
using SecureAgg.Crypto;

namespace SecureAgg.Tests.Crypto;

/// <summary>AES-256-GCM: a known answer through the framework, then <see cref="AuthenticatedEncryption"/> and <see cref="ShareAssociatedData"/>.</summary>
public sealed class AesGcmSpecs
{
    // McGrew–Viega, "The Galois/Counter Mode of Operation (GCM)", Test Case 16 (AES-256, 96-bit IV, with AAD).
    private const string Key = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    private const string Iv = "cafebabefacedbaddecaf888";
    private const string Plaintext =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
        "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    private const string Aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    private const string Ciphertext =
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" +
        "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
    private const string Tag = "76fc6ece0f4e1768cddf8853bb2d551b";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Fact]
    public void GcmSpecTestCase16_FrameworkAesGcm()
    {
        using var aes = new AesGcm(Hex(Key), AuthenticatedEncryption.TagSize);
        var ciphertext = new byte[Hex(Plaintext).Length];
        var tag = new byte[AuthenticatedEncryption.TagSize];
        aes.Encrypt(Hex(Iv), Hex(Plaintext), ciphertext, tag, Hex(Aad));
        Assert.Equal(Hex(Ciphertext), ciphertext);
        Assert.Equal(Hex(Tag), tag);
    }

    [Fact]
    public void GcmSpecTestCase16_TryDecryptOpensTheHandBuiltBox()
    {
        byte[] box = [.. Hex(Iv), .. Hex(Ciphertext), .. Hex(Tag)];
        var plaintext = new byte[Hex(Plaintext).Length];
        Assert.True(AuthenticatedEncryption.TryDecrypt(Hex(Key), box, Hex(Aad), plaintext));
        Assert.Equal(Hex(Plaintext), plaintext);

        // Without the associated data it does not authenticate.
        Assert.False(AuthenticatedEncryption.TryDecrypt(Hex(Key), box, [], new byte[plaintext.Length]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(200)]
    public void EncryptThenDecrypt_RoundTrips(int length)
    {
        var rng = new Random(length);
        var key = RandomNumberGenerator.GetBytes(AuthenticatedEncryption.KeySize);
        var message = new byte[length];
        rng.NextBytes(message);
        var ad = ShareAssociatedData.Create(SessionId.New(), 2, 5, 9);

        var box = AuthenticatedEncryption.Encrypt(key, message, ad);
        Assert.Equal(length + AuthenticatedEncryption.Overhead, box.Length);
        Assert.Equal(AuthenticatedEncryption.NonceSize + AuthenticatedEncryption.TagSize, AuthenticatedEncryption.Overhead);

        var opened = new byte[length];
        Assert.True(AuthenticatedEncryption.TryDecrypt(key, box, ad, opened));
        Assert.Equal(message, opened);
    }

    [Fact]
    public void EncryptedBox_IsNonceCiphertextTag()
    {
        var key = RandomNumberGenerator.GetBytes(AuthenticatedEncryption.KeySize);
        var message = RandomNumberGenerator.GetBytes(48);
        var ad = ShareAssociatedData.Create(SessionId.New(), 1, 1, 2);
        var box = AuthenticatedEncryption.Encrypt(key, message, ad);

        using var aes = new AesGcm(key, AuthenticatedEncryption.TagSize);
        var opened = new byte[message.Length];
        aes.Decrypt(box[..12], box[12..^16], box[^16..], opened, ad);
        Assert.Equal(message, opened);
    }

    [Fact]
    public void TamperingWithAnyByte_Fails()
    {
        var key = RandomNumberGenerator.GetBytes(AuthenticatedEncryption.KeySize);
        var message = RandomNumberGenerator.GetBytes(40);
        var ad = ShareAssociatedData.Create(SessionId.New(), 2, 3, 4);
        var box = AuthenticatedEncryption.Encrypt(key, message, ad);

        // Every byte of nonce (0..11), ciphertext (12..51) and tag (52..67), with a low and a high bit flip.
        for (var i = 0; i < box.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80 })
            {
                var bad = (byte[])box.Clone();
                bad[i] ^= flip;
                var opened = new byte[message.Length];
                Assert.False(AuthenticatedEncryption.TryDecrypt(key, bad, ad, opened), $"byte {i} ^ {flip:x2} accepted");
                Assert.All(opened, b => Assert.Equal(0, b));
            }
        }

        // Truncated, extended or otherwise mis-sized boxes are rejected too.
        Assert.False(AuthenticatedEncryption.TryDecrypt(key, box[..^1], ad, new byte[message.Length]));
        Assert.False(AuthenticatedEncryption.TryDecrypt(key, [.. box, 0], ad, new byte[message.Length]));
        Assert.False(AuthenticatedEncryption.TryDecrypt(key, box, ad, new byte[message.Length - 1]));
        Assert.False(AuthenticatedEncryption.TryDecrypt(key, box[..^1], ad, new byte[message.Length - 1]));
        Assert.False(AuthenticatedEncryption.TryDecrypt(key, box[..20], ad, []));

        // Wrong key.
        var otherKey = (byte[])key.Clone();
        otherKey[31] ^= 1;
        Assert.False(AuthenticatedEncryption.TryDecrypt(otherKey, box, ad, new byte[message.Length]));

        // And the untouched box still opens.
        var ok = new byte[message.Length];
        Assert.True(AuthenticatedEncryption.TryDecrypt(key, box, ad, ok));
        Assert.Equal(message, ok);
    }

    [Fact]
    public void ReplayedOrRedirectedCiphertext_IsRejected()
    {
        var key = RandomNumberGenerator.GetBytes(AuthenticatedEncryption.KeySize);
        var message = RandomNumberGenerator.GetBytes(ShamirSecretSharing.ChunksPerSecret * 8);
        var session = SessionId.New();
        const int round = 1, sender = 3, receiver = 8;
        var box = AuthenticatedEncryption.Encrypt(key, message, ShareAssociatedData.Create(session, round, sender, receiver));

        Assert.True(Opens(ShareAssociatedData.Create(session, round, sender, receiver)));
        Assert.True(Opens(ShareAssociatedData.Create(new SessionId(session.Value), round, sender, receiver)));

        Assert.False(Opens(ShareAssociatedData.Create(SessionId.New(), round, sender, receiver)), "other session");
        Assert.False(Opens(ShareAssociatedData.Create(session, round + 1, sender, receiver)), "other round");
        Assert.False(Opens(ShareAssociatedData.Create(session, 0, sender, receiver)), "other round");
        Assert.False(Opens(ShareAssociatedData.Create(session, round, sender + 1, receiver)), "other sender");
        Assert.False(Opens(ShareAssociatedData.Create(session, round, sender, receiver + 1)), "other receiver");
        Assert.False(Opens(ShareAssociatedData.Create(session, round, receiver, sender)), "sender and receiver swapped");
        Assert.False(Opens([]), "no associated data");
        return;

        bool Opens(byte[] ad) => AuthenticatedEncryption.TryDecrypt(key, box, ad, new byte[message.Length]);
    }

    [Fact]
    public void AssociatedData_IsDistinctForEachField()
    {
        var session = SessionId.New();
        var all = new[]
        {
            ShareAssociatedData.Create(session, 1, 2, 3),
            ShareAssociatedData.Create(SessionId.New(), 1, 2, 3),
            ShareAssociatedData.Create(session, 2, 2, 3),
            ShareAssociatedData.Create(session, 1, 3, 2),
            ShareAssociatedData.Create(session, 1, 2, 4),
            ShareAssociatedData.Create(session, 1, 258, 3),
        };
        Assert.All(all, ad => Assert.Equal(ShareAssociatedData.Size, ad.Length));
        for (var i = 0; i < all.Length; i++)
            for (var j = i + 1; j < all.Length; j++)
                Assert.False(all[i].AsSpan().SequenceEqual(all[j]), $"associated data {i} and {j} collide");
        Assert.Equal(ShareAssociatedData.Create(session, 1, 2, 3), ShareAssociatedData.Create(session, 1, 2, 3));
    }

    [Fact]
    public void SamePlaintextTwice_GivesDifferentBoxes()
    {
        var key = RandomNumberGenerator.GetBytes(AuthenticatedEncryption.KeySize);
        var message = new byte[32];
        var ad = ShareAssociatedData.Create(SessionId.New(), 1, 1, 2);

        var boxes = Enumerable.Range(0, 50).Select(_ => AuthenticatedEncryption.Encrypt(key, message, ad)).ToList();
        var nonces = boxes.Select(b => Convert.ToHexString(b, 0, AuthenticatedEncryption.NonceSize)).ToHashSet();
        var bodies = boxes.Select(b => Convert.ToHexString(b, AuthenticatedEncryption.NonceSize, b.Length - AuthenticatedEncryption.NonceSize)).ToHashSet();
        Assert.Equal(boxes.Count, nonces.Count);
        Assert.Equal(boxes.Count, bodies.Count);
        Assert.All(boxes, box => Assert.True(AuthenticatedEncryption.TryDecrypt(key, box, ad, new byte[message.Length])));
    }

    [Fact]
    public void TryDecrypt_OfAWrongLengthBox_ZeroesThePlaintext()
    {
        var key = RandomNumberGenerator.GetBytes(AuthenticatedEncryption.KeySize);
        var box = AuthenticatedEncryption.Encrypt(key, new byte[16], []);
        var plaintext = Enumerable.Repeat((byte)0xAA, 16).ToArray();

        Assert.False(AuthenticatedEncryption.TryDecrypt(key, box[..^1], [], plaintext));
        Assert.All(plaintext, b => Assert.Equal(0, b));
    }
}
