using System.Security.Cryptography;

namespace SecureAgg.Crypto;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce. Wire form: nonce ‖ ciphertext ‖ tag. The associated data is supplied by
/// the caller (see <see cref="ShareAssociatedData"/>) so a ciphertext replayed into another session, round or
/// sender/receiver pair fails authentication.
/// </summary>
public static class AuthenticatedEncryption
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = NonceSize + TagSize;

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[plaintext.Length + Overhead];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    /// <summary>Returns false (and leaves <paramref name="plaintext"/> zeroed) when authentication fails.</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBox, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (sealedBox.Length != plaintext.Length + Overhead)
        {
            plaintext.Clear();
            return false;
        }
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealedBox[..NonceSize], sealedBox.Slice(NonceSize, plaintext.Length), sealedBox[^TagSize..], plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }
}
