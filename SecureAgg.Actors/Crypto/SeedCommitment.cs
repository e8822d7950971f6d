using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SecureAgg.Crypto;

/// <summary>
/// A client's hash commitment to its self-mask seed b_u: SHA-256(label ‖ session ‖ client id ‖ b_u). The server gets it
/// in ShareKeys and checks the b_u it reconstructs against it. b_u is 32 uniformly random bytes, so the hash reveals
/// nothing about it; the label keeps the commitment apart from SHA-256(b_u), which keys the mask PRG.
/// </summary>
public static class SeedCommitment
{
    public const int Size = SHA256.HashSizeInBytes;

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("SecAgg v1 self-mask seed commitment");

    public static byte[] Create(SessionId session, int client, ReadOnlySpan<byte> seed)
    {
        var commitment = new byte[Size];
        Compute(session, client, seed, commitment);
        return commitment;
    }

    /// <summary>Whether <paramref name="seed"/> is the seed <paramref name="commitment"/> commits to (constant time).</summary>
    public static bool Matches(ReadOnlySpan<byte> commitment, SessionId session, int client, ReadOnlySpan<byte> seed)
    {
        Span<byte> expected = stackalloc byte[Size];
        Compute(session, client, seed, expected);
        return CryptographicOperations.FixedTimeEquals(expected, commitment);
    }

    private static void Compute(SessionId session, int client, ReadOnlySpan<byte> seed, Span<byte> destination)
    {
        if (seed.Length != MaskPrg.SeedSize)
            throw new ArgumentException($"A self-mask seed has {MaskPrg.SeedSize} bytes, got {seed.Length}.", nameof(seed));
        Span<byte> input = stackalloc byte[Label.Length + SessionId.Size + 4 + MaskPrg.SeedSize];
        Label.CopyTo(input);
        session.WriteTo(input.Slice(Label.Length, SessionId.Size));
        BinaryPrimitives.WriteInt32LittleEndian(input.Slice(Label.Length + SessionId.Size), client);
        seed.CopyTo(input[(Label.Length + SessionId.Size + 4)..]);
        SHA256.HashData(input, destination);
        CryptographicOperations.ZeroMemory(input);
    }
}
