using System.Buffers.Binary;

namespace SecureAgg.Crypto;

/// <summary>
/// Shamir t-of-n sharing of 32-byte secrets over GF(2^61 − 1). A secret is cut into five chunks (4 × 7 bytes + 4
/// bytes), each below the prime, and every chunk is shared with its own random polynomial of degree t − 1; a share is
/// the five evaluations at the holder's point (its client id, ≥ 1).
/// </summary>
public static class ShamirSecretSharing
{
    public const int SecretSize = 32;
    public const int ChunksPerSecret = 5;
    private const int ChunkBytes = 7;

    /// <summary>Shares of <paramref name="secret"/> for each point, as <c>shares[point index][chunk]</c>.</summary>
    public static ulong[][] Split(ReadOnlySpan<byte> secret, int threshold, ReadOnlySpan<int> points)
    {
        if (secret.Length != SecretSize)
            throw new ArgumentException($"A shared secret has {SecretSize} bytes, got {secret.Length}.", nameof(secret));
        if (threshold < 1 || threshold > points.Length)
            throw new ArgumentException($"Threshold {threshold} must be between 1 and the number of holders ({points.Length}).", nameof(threshold));

        var distinct = new HashSet<int>();
        foreach (var point in points)
        {
            if (!distinct.Add(point))
                throw new ArgumentException($"Evaluation point {point} appears twice: every holder needs its own point.", nameof(points));
        }

        Span<ulong> chunks = stackalloc ulong[ChunksPerSecret];
        ToChunks(secret, chunks);

        // coefficients[d * ChunksPerSecret + c]: coefficient of x^d for chunk c; the constant terms are the chunks.
        var coefficients = new ulong[ChunksPerSecret * threshold];
        MersenneField.FillRandom(coefficients);
        chunks.CopyTo(coefficients);

        var shares = new ulong[points.Length][];
        for (var p = 0; p < points.Length; p++)
        {
            if (points[p] <= 0)
                throw new ArgumentException($"Evaluation points must be ≥ 1, got {points[p]}.", nameof(points));
            var x = (ulong)points[p];
            // Horner for the five chunks side by side: five independent multiply chains instead of one.
            ulong y0 = 0, y1 = 0, y2 = 0, y3 = 0, y4 = 0;
            for (var d = threshold - 1; d >= 0; d--)
            {
                var row = coefficients.AsSpan(d * ChunksPerSecret, ChunksPerSecret);
                y0 = MersenneField.Add(MersenneField.Multiply(y0, x), row[0]);
                y1 = MersenneField.Add(MersenneField.Multiply(y1, x), row[1]);
                y2 = MersenneField.Add(MersenneField.Multiply(y2, x), row[2]);
                y3 = MersenneField.Add(MersenneField.Multiply(y3, x), row[3]);
                y4 = MersenneField.Add(MersenneField.Multiply(y4, x), row[4]);
            }
            shares[p] = [y0, y1, y2, y3, y4];
        }
        Array.Clear(coefficients);
        return shares;
    }

    /// <summary>
    /// Reconstructs from shares at distinct points, given the Lagrange weights for exactly those points. Returns false
    /// when the result is not a well-formed secret (a chunk out of range: the shares were inconsistent or too few).
    /// </summary>
    public static bool TryCombine(LagrangeWeights weights, IReadOnlyList<ulong[]> shares, Span<byte> secret)
    {
        if (shares.Count != weights.Count)
            throw new ArgumentException($"Have {shares.Count} shares for {weights.Count} weights.", nameof(shares));
        if (secret.Length != SecretSize)
            throw new ArgumentException($"A shared secret has {SecretSize} bytes.", nameof(secret));
        Span<ulong> chunks = stackalloc ulong[ChunksPerSecret];
        for (var i = 0; i < shares.Count; i++)
        {
            var share = shares[i];
            if (share.Length != ChunksPerSecret)
                return false;
            var w = weights[i];
            for (var c = 0; c < ChunksPerSecret; c++)
            {
                if (share[c] >= MersenneField.Prime)
                    return false;
                chunks[c] = MersenneField.Add(chunks[c], MersenneField.Multiply(w, share[c]));
            }
        }
        return FromChunks(chunks, secret);
    }

    /// <summary>
    /// Σ λ_i · share_i chunk by chunk. With the weights at another holder's point, this is the share that holder must
    /// hold if its share and these lie on one polynomial.
    /// </summary>
    public static ulong[] Interpolate(LagrangeWeights weights, IReadOnlyList<ulong[]> shares)
    {
        if (shares.Count != weights.Count)
            throw new ArgumentException($"Have {shares.Count} shares for {weights.Count} weights.", nameof(shares));
        var chunks = new ulong[ChunksPerSecret];
        for (var i = 0; i < shares.Count; i++)
        {
            var share = shares[i];
            if (share.Length != ChunksPerSecret)
                throw new ArgumentException($"A share has {ChunksPerSecret} chunks, got {share.Length}.", nameof(shares));
            for (var c = 0; c < ChunksPerSecret; c++)
            {
                if (share[c] >= MersenneField.Prime)
                    throw new ArgumentException("A share holds a value outside the field.", nameof(shares));
                chunks[c] = MersenneField.Add(chunks[c], MersenneField.Multiply(weights[i], share[c]));
            }
        }
        return chunks;
    }

    public static byte[] Combine(IReadOnlyList<int> points, IReadOnlyList<ulong[]> shares)
    {
        var secret = new byte[SecretSize];
        if (!TryCombine(LagrangeWeights.AtZero(points), shares, secret))
            throw new ArgumentException("The shares do not combine to a well-formed secret.", nameof(shares));
        return secret;
    }

    private static void ToChunks(ReadOnlySpan<byte> secret, Span<ulong> chunks)
    {
        Span<byte> buffer = stackalloc byte[8];
        for (var c = 0; c < ChunksPerSecret; c++)
        {
            buffer.Clear();
            var start = c * ChunkBytes;
            secret.Slice(start, Math.Min(ChunkBytes, SecretSize - start)).CopyTo(buffer);
            chunks[c] = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
        }
    }

    private static bool FromChunks(ReadOnlySpan<ulong> chunks, Span<byte> secret)
    {
        Span<byte> buffer = stackalloc byte[8];
        for (var c = 0; c < ChunksPerSecret; c++)
        {
            var start = c * ChunkBytes;
            var length = Math.Min(ChunkBytes, SecretSize - start);
            if (chunks[c] >> (8 * length) != 0)
                return false;
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, chunks[c]);
            buffer[..length].CopyTo(secret.Slice(start, length));
        }
        return true;
    }
}
