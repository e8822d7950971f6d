using System.Security.Cryptography;
using SecureAgg.Crypto;

namespace SecureAgg.Tests.Crypto;

/// <summary>
/// The commitment to a self-mask seed binds the seed, the session and the client, and is not the PRG key SHA-256(b)
/// (which would unmask the client's input).
/// </summary>
public sealed class SeedCommitmentSpecs
{
    private static readonly SessionId Session = new(Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));

    [Fact]
    public void A_commitment_matches_its_seed_session_and_client_only()
    {
        var seed = RandomNumberGenerator.GetBytes(MaskPrg.SeedSize);
        var commitment = SeedCommitment.Create(Session, 3, seed);

        Assert.Equal(SeedCommitment.Size, commitment.Length);
        Assert.True(SeedCommitment.Matches(commitment, Session, 3, seed));
        Assert.False(SeedCommitment.Matches(commitment, Session, 4, seed));
        Assert.False(SeedCommitment.Matches(commitment, SessionId.New(), 3, seed));
        var other = (byte[])seed.Clone();
        other[31] ^= 1;
        Assert.False(SeedCommitment.Matches(commitment, Session, 3, other));
        Assert.False(SeedCommitment.Matches(commitment[..^1], Session, 3, seed));
        Assert.Throws<ArgumentException>(() => SeedCommitment.Create(Session, 3, seed[..^1]));
    }

    [Fact]
    public void A_commitment_is_not_the_hash_that_keys_the_mask_prg()
    {
        var seed = new byte[MaskPrg.SeedSize];
        var commitment = SeedCommitment.Create(Session, 1, seed);

        Assert.NotEqual(SHA256.HashData(seed), commitment);
        Assert.NotEqual(SHA256.HashData(seed)[..16], commitment[..16]);
        // Pinned, so a change of label or layout (which would break journals) shows up here.
        Assert.Equal(Convert.ToHexString(SHA256.HashData([.. "SecAgg v1 self-mask seed commitment"u8, .. Session.Value.ToByteArray(), 1, 0, 0, 0, .. seed])),
            Convert.ToHexString(commitment));
    }
}
