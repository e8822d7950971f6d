using System.Buffers.Binary;
using System.Numerics;
using SecureAgg.Crypto;

namespace SecureAgg.Tests.Crypto;

/// <summary>
/// <see cref="MersenneField"/> against a <see cref="BigInteger"/> reference, <see cref="LagrangeWeights"/>, and
/// t-of-n <see cref="ShamirSecretSharing"/>. The seeded <see cref="Random"/> only picks test data and subsets; the
/// product's polynomials always come from the OS CSPRNG.
/// </summary>
public sealed class ShamirSpecs
{
    private const ulong P = MersenneField.Prime;
    private static readonly BigInteger BigP = P;

    private static readonly ulong[] EdgeValues = [0, 1, 2, 3, P - 1, P - 2, P / 2, P / 2 + 1, 1UL << 32, (1UL << 32) - 1, 1UL << 60, (1UL << 60) - 1];

    private static ulong RandomElement(Random rng) => (ulong)rng.NextInt64(0, (long)P);

    private static IEnumerable<(ulong A, ulong B)> Pairs(int seed)
    {
        foreach (var a in EdgeValues)
            foreach (var b in EdgeValues)
                yield return (a, b);
        var rng = new Random(seed);
        for (var i = 0; i < 20_000; i++)
            yield return (RandomElement(rng), RandomElement(rng));
    }

    // ---------------------------------------------------------------- field

    [Fact]
    public void Prime_Is2To61Minus1()
    {
        Assert.Equal((BigInteger.One << 61) - 1, (BigInteger)P);
        Assert.Equal(2305843009213693951UL, P);
    }

    [Fact]
    public void Multiply_MatchesBigIntegerReference()
    {
        foreach (var (a, b) in Pairs(1))
        {
            var expected = (ulong)((BigInteger)a * b % BigP);
            var actual = MersenneField.Multiply(a, b);
            if (actual != expected)
                Assert.Fail($"{a} · {b}: expected {expected}, got {actual}");
        }
    }

    [Fact]
    public void AddAndSubtract_MatchBigIntegerReference_AndAreInverse()
    {
        foreach (var (a, b) in Pairs(2))
        {
            var sum = MersenneField.Add(a, b);
            var difference = MersenneField.Subtract(a, b);
            Assert.Equal((ulong)(((BigInteger)a + b) % BigP), sum);
            Assert.Equal((ulong)((((BigInteger)a - b) % BigP + BigP) % BigP), difference);
            Assert.True(sum < P && difference < P);
            Assert.Equal(a, MersenneField.Subtract(sum, b));
            Assert.Equal(a, MersenneField.Add(difference, b));
            Assert.Equal(0UL, MersenneField.Add(a, MersenneField.Subtract(0, a)));
        }
    }

    [Fact]
    public void Inverse_TimesElementIsOne()
    {
        var rng = new Random(3);
        var values = EdgeValues.Where(v => v != 0).Concat(Enumerable.Range(0, 2000).Select(_ => 1 + (ulong)rng.NextInt64(0, (long)P - 1)));
        foreach (var a in values)
        {
            var inverse = MersenneField.Inverse(a);
            Assert.True(inverse < P);
            Assert.Equal(1UL, MersenneField.Multiply(a, inverse));
            Assert.Equal((ulong)BigInteger.ModPow(a, BigP - 2, BigP), inverse);
        }
        Assert.Equal(1UL, MersenneField.Inverse(1));
        Assert.Equal(P - 1, MersenneField.Inverse(P - 1));
        Assert.Throws<DivideByZeroException>(() => MersenneField.Inverse(0));
    }

    [Fact]
    public void Power_MatchesBigIntegerReference()
    {
        var rng = new Random(4);
        for (var i = 0; i < 500; i++)
        {
            var a = RandomElement(rng);
            var e = (ulong)rng.NextInt64();
            Assert.Equal((ulong)BigInteger.ModPow(a, e, BigP), MersenneField.Power(a, e));
        }
        Assert.Equal(1UL, MersenneField.Power(12345, 0));
        Assert.Equal(1UL, MersenneField.Power(P - 1, 2));
        Assert.Equal(1UL, MersenneField.Power(987654321, P - 1)); // Fermat
    }

    [Fact]
    public void FillRandom_GivesDistinctElementsBelowThePrime()
    {
        var values = new ulong[10_000];
        MersenneField.FillRandom(values);
        Assert.All(values, v => Assert.True(v < P));
        Assert.True(values.Distinct().Count() > 9_990);
        // The top bit positions are used (values are not confined to a small range).
        Assert.Contains(values, v => v >= 1UL << 60);
    }

    // ---------------------------------------------------------------- Lagrange weights

    [Fact]
    public void LagrangeWeights_InterpolateConstantAndLinearPolynomials()
    {
        var rng = new Random(5);
        for (var trial = 0; trial < 50; trial++)
        {
            var points = DistinctPoints(rng, rng.Next(1, 40), 100_000);
            var weights = LagrangeWeights.AtZero(points);
            Assert.Equal(points.Length, weights.Count);

            // f(x) = 1 → f(0) = 1: Σ λ_i = 1.
            ulong sum = 0;
            for (var i = 0; i < weights.Count; i++)
                sum = MersenneField.Add(sum, weights[i]);
            Assert.Equal(1UL, sum);

            // f(x) = x → f(0) = 0 when at least two points: Σ λ_i x_i = 0.
            if (points.Length >= 2)
            {
                ulong linear = 0;
                for (var i = 0; i < weights.Count; i++)
                    linear = MersenneField.Add(linear, MersenneField.Multiply(weights[i], (ulong)points[i]));
                Assert.Equal(0UL, linear);
            }

            // Against the definition λ_i = Π_{j≠i} x_j / (x_j − x_i), in BigInteger.
            for (var i = 0; i < points.Length; i++)
            {
                BigInteger numerator = 1, denominator = 1;
                for (var j = 0; j < points.Length; j++)
                {
                    if (j == i)
                        continue;
                    numerator = numerator * points[j] % BigP;
                    denominator = ((denominator * (points[j] - points[i])) % BigP + BigP) % BigP;
                }
                Assert.Equal((ulong)(numerator * BigInteger.ModPow(denominator, BigP - 2, BigP) % BigP), weights[i]);
            }
        }
    }

    [Fact]
    public void LagrangeWeights_AtAnotherHoldersPoint_PredictItsShare()
    {
        var rng = new Random(15);
        for (var trial = 0; trial < 30; trial++)
        {
            var n = rng.Next(3, 40);
            var t = rng.Next(2, n);
            var points = DistinctPoints(rng, n, 100_000);
            var shares = ShamirSecretSharing.Split(RandomSecret(rng), t, points);
            var other = rng.Next(t, n);

            var predicted = ShamirSecretSharing.Interpolate(LagrangeWeights.At(points[..t], (ulong)points[other]), shares[..t]);

            Assert.Equal(shares[other], predicted);
            Assert.Equal(LagrangeWeights.AtZero(points[..t])[0], LagrangeWeights.At(points[..t], 0)[0]);
        }
    }

    [Fact]
    public void LagrangeWeights_Without_EqualTheWeightsComputedForTheRemainingPoints()
    {
        var rng = new Random(16);
        for (var trial = 0; trial < 50; trial++)
        {
            var points = DistinctPoints(rng, rng.Next(3, 40), 100_000);
            var excluded = Enumerable.Range(0, points.Length).OrderBy(_ => rng.Next()).Take(rng.Next(1, 3)).ToArray();
            var remaining = points.Where((_, i) => !excluded.Contains(i)).ToArray();
            var at = trial % 2 == 0 ? 0UL : (ulong)rng.Next(100_001, 200_000);

            var fast = LagrangeWeights.At(points, at).Without(excluded);
            var direct = LagrangeWeights.At(remaining, at);

            Assert.Equal(direct.Count, fast.Count);
            for (var i = 0; i < direct.Count; i++)
                Assert.Equal(direct[i], fast[i]);
        }
        Assert.Throws<ArgumentException>(() => LagrangeWeights.AtZero([1, 2, 3]).Without([1, 1]));
        Assert.Throws<ArgumentException>(() => LagrangeWeights.AtZero([1, 2, 3]).Without([3]));
        Assert.Throws<ArgumentException>(() => LagrangeWeights.At([1, 2, 3], 2).Without([1]));
    }

    [Fact]
    public void LagrangeWeights_RejectInvalidPoints()
    {
        Assert.Throws<ArgumentException>(() => LagrangeWeights.AtZero([1, 2, 2]));
        Assert.Throws<ArgumentException>(() => LagrangeWeights.AtZero([5, 3, 9, 5]));
        Assert.Throws<ArgumentException>(() => LagrangeWeights.AtZero([0, 1]));
        Assert.Throws<ArgumentException>(() => LagrangeWeights.AtZero([3, -1]));
        Assert.Throws<ArgumentException>(() => LagrangeWeights.AtZero([int.MinValue]));
    }

    // ---------------------------------------------------------------- sharing

    [Fact]
    public void SplitThenCombine_FromAnyTOfNShares_ReturnsTheSecret()
    {
        var rng = new Random(6);
        for (var trial = 0; trial < 150; trial++)
        {
            var n = rng.Next(1, 61);
            var t = rng.Next(1, n + 1);
            var points = trial % 3 == 0 ? Enumerable.Range(1, n).ToArray() : DistinctPoints(rng, n, trial % 3 == 1 ? 1000 : int.MaxValue);
            var secret = RandomSecret(rng);
            var shares = ShamirSecretSharing.Split(secret, t, points);

            Assert.Equal(n, shares.Length);
            Assert.All(shares, share =>
            {
                Assert.Equal(ShamirSecretSharing.ChunksPerSecret, share.Length);
                Assert.All(share, y => Assert.True(y < P));
            });

            for (var subset = 0; subset < 4; subset++)
            {
                // Exactly t holders, or (sometimes) more than t.
                var size = subset == 3 ? rng.Next(t, n + 1) : t;
                var chosen = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(size).ToArray();
                var chosenPoints = chosen.Select(i => points[i]).ToArray();
                var chosenShares = chosen.Select(i => shares[i]).ToArray();

                Assert.Equal(secret, ShamirSecretSharing.Combine(chosenPoints, chosenShares));

                var output = new byte[ShamirSecretSharing.SecretSize];
                Assert.True(ShamirSecretSharing.TryCombine(LagrangeWeights.AtZero(chosenPoints), chosenShares, output));
                Assert.Equal(secret, output);
            }
        }
    }

    [Fact]
    public void ThresholdOne_EveryShareIsTheSecretItself()
    {
        var secret = RandomSecret(new Random(7));
        var shares = ShamirSecretSharing.Split(secret, 1, [4, 9, 100]);
        Assert.All(shares, share => Assert.Equal(Chunks(secret), share));
        Assert.Equal(secret, ShamirSecretSharing.Combine([9], [shares[1]]));
    }

    [Fact]
    public void FewerThanTShares_DoNotReconstruct()
    {
        var rng = new Random(8);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = rng.Next(2, 61);
            var t = rng.Next(2, n + 1);
            var points = DistinctPoints(rng, n, 10_000);
            var secret = RandomSecret(rng);
            var shares = ShamirSecretSharing.Split(secret, t, points);

            var chosen = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(t - 1).ToArray();
            var output = new byte[ShamirSecretSharing.SecretSize];
            var ok = ShamirSecretSharing.TryCombine(
                LagrangeWeights.AtZero(chosen.Select(i => points[i]).ToArray()), chosen.Select(i => shares[i]).ToArray(), output);
            Assert.False(ok && output.AsSpan().SequenceEqual(secret), $"t = {t}: {t - 1} shares reconstructed the secret");
            // Stronger: the interpolated chunks are uniform in GF(p), so they are all in range (< 2^56, and < 2^32 for
            // the last) only with probability 2^-20 · 2^-29; TryCombine reports the malformed result.
            Assert.False(ok, $"t = {t}: {t - 1} shares combined to a well-formed secret");
        }
    }

    /// <summary>
    /// Each of the five chunks has its own full-degree random polynomial: interpolating t − 1 shares at zero misses
    /// every chunk (a chunk polynomial of too low a degree, or a shared/zero coefficient, would give one away).
    /// </summary>
    [Fact]
    public void FewerThanTShares_RevealNoChunk()
    {
        var rng = new Random(13);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = rng.Next(2, 30);
            var t = rng.Next(2, n + 1);
            var points = DistinctPoints(rng, n, 10_000);
            var secret = RandomSecret(rng);
            var chunks = Chunks(secret);
            var shares = ShamirSecretSharing.Split(secret, t, points);

            var chosen = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(t - 1).ToArray();
            var weights = LagrangeWeights.AtZero(chosen.Select(i => points[i]).ToArray());
            for (var c = 0; c < ShamirSecretSharing.ChunksPerSecret; c++)
            {
                ulong value = 0;
                for (var k = 0; k < chosen.Length; k++)
                    value = MersenneField.Add(value, MersenneField.Multiply(weights[k], shares[chosen[k]][c]));
                Assert.True(value != chunks[c], $"t = {t}: chunk {c} recovered from {t - 1} shares");
            }

            // And the t-th share completes every chunk.
            var all = chosen.Append(Enumerable.Range(0, n).First(i => !chosen.Contains(i))).ToArray();
            var fullWeights = LagrangeWeights.AtZero(all.Select(i => points[i]).ToArray());
            for (var c = 0; c < ShamirSecretSharing.ChunksPerSecret; c++)
            {
                ulong value = 0;
                for (var k = 0; k < all.Length; k++)
                    value = MersenneField.Add(value, MersenneField.Multiply(fullWeights[k], shares[all[k]][c]));
                Assert.Equal(chunks[c], value);
            }
        }
    }

    /// <summary>
    /// t − 1 shares say nothing about the secret: for any other secret s′ there is a share at a fresh point that,
    /// together with the t − 1 real ones, reconstructs s′ (built here by interpolating through (0, s′) and the real
    /// shares with an independent BigInteger Lagrange evaluation). A random fabricated share gives neither secret.
    /// </summary>
    [Fact]
    public void TMinusOneShares_AreConsistentWithAnyOtherSecret()
    {
        var rng = new Random(9);
        for (var trial = 0; trial < 60; trial++)
        {
            var n = rng.Next(2, 40);
            var t = rng.Next(2, n + 1);
            var points = DistinctPoints(rng, n + 1, 10_000);
            var freshPoint = points[n];
            points = points[..n];
            var secret = RandomSecret(rng);
            var shares = ShamirSecretSharing.Split(secret, t, points);

            var chosen = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(t - 1).ToArray();
            var knownPoints = chosen.Select(i => points[i]).ToList();
            var knownShares = chosen.Select(i => shares[i]).ToList();

            // A share for some other secret.
            var other = RandomSecret(rng);
            var otherChunks = Chunks(other);
            var fabricated = new ulong[ShamirSecretSharing.ChunksPerSecret];
            for (var c = 0; c < fabricated.Length; c++)
            {
                var xs = knownPoints.Select(x => (BigInteger)x).Prepend(BigInteger.Zero).ToArray();
                var ys = knownShares.Select(s => (BigInteger)s[c]).Prepend(otherChunks[c]).ToArray();
                fabricated[c] = Interpolate(xs, ys, freshPoint);
            }
            Assert.Equal(other, ShamirSecretSharing.Combine([.. knownPoints, freshPoint], [.. knownShares, fabricated]));

            // A random share instead: not the real secret.
            var random = Enumerable.Range(0, ShamirSecretSharing.ChunksPerSecret).Select(_ => RandomElement(rng)).ToArray();
            var output = new byte[ShamirSecretSharing.SecretSize];
            var ok = ShamirSecretSharing.TryCombine(LagrangeWeights.AtZero([.. knownPoints, freshPoint]), [.. knownShares, random], output);
            Assert.False(ok && output.AsSpan().SequenceEqual(secret));
        }
    }

    [Theory]
    [InlineData((byte)0x00)]
    [InlineData((byte)0xFF)]
    [InlineData((byte)0x80)]
    [InlineData((byte)0x01)]
    public void ConstantByteSecrets_RoundTrip(byte value)
    {
        var secret = Enumerable.Repeat(value, ShamirSecretSharing.SecretSize).ToArray();
        int[] points = [1, 2, 3, 4, 5, 6, 7];
        foreach (var t in new[] { 1, 2, 4, 7 })
        {
            var shares = ShamirSecretSharing.Split(secret, t, points);
            Assert.Equal(secret, ShamirSecretSharing.Combine(points[^t..], shares[^t..]));
            Assert.Equal(secret, ShamirSecretSharing.Combine(points, shares));
        }
    }

    [Fact]
    public void Split_RandomisesTheShares()
    {
        var secret = new byte[ShamirSecretSharing.SecretSize];
        var a = ShamirSecretSharing.Split(secret, 3, [1, 2, 3]);
        var b = ShamirSecretSharing.Split(secret, 3, [1, 2, 3]);
        Assert.NotEqual(a[0], b[0]);
        // With t ≥ 2 a share of the all-zero secret is not itself all zero.
        Assert.Contains(a[0], y => y != 0);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        var secret = RandomSecret(new Random(10));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret, 0, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret, -1, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret, 4, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret, 1, []));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret, 2, [1, 0, 3]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret, 2, [1, -4, 3]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret[..31], 2, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split([.. secret, 0], 2, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split([], 1, [1]));

        var shares = ShamirSecretSharing.Split(secret, 2, [1, 2, 3]);
        var weights = LagrangeWeights.AtZero([1, 2]);
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.TryCombine(weights, shares, new byte[32]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.TryCombine(weights, shares[..1], new byte[32]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.TryCombine(weights, shares[..2], new byte[31]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine([1, 1], shares[..2]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine([0, 1], shares[..2]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine([1, 2, 3], shares[..2]));
    }

    [Fact]
    public void CorruptedShare_NeverYieldsTheOriginalSecret()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 100; trial++)
        {
            var n = rng.Next(1, 40);
            var t = rng.Next(1, n + 1);
            var points = DistinctPoints(rng, n, 5000);
            var secret = RandomSecret(rng);
            var shares = ShamirSecretSharing.Split(secret, t, points);
            var size = rng.Next(t, n + 1);
            var chosen = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(size).ToArray();
            var chosenPoints = chosen.Select(i => points[i]).ToArray();
            var weights = LagrangeWeights.AtZero(chosenPoints);

            var victim = rng.Next(size);
            var chunk = rng.Next(ShamirSecretSharing.ChunksPerSecret);
            var corrupted = chosen.Select(i => (ulong[])shares[i].Clone()).ToArray();
            corrupted[victim][chunk] = MersenneField.Add(corrupted[victim][chunk], 1 + (ulong)rng.NextInt64(0, (long)P - 1));

            var output = new byte[ShamirSecretSharing.SecretSize];
            var ok = ShamirSecretSharing.TryCombine(weights, corrupted, output);
            Assert.False(ok && output.AsSpan().SequenceEqual(secret), "a corrupted share reconstructed the original secret");

            // Out-of-field values and malformed shares are refused outright.
            var outOfField = chosen.Select(i => (ulong[])shares[i].Clone()).ToArray();
            outOfField[victim][chunk] += P;
            Assert.False(ShamirSecretSharing.TryCombine(weights, outOfField, output));

            var shortShare = chosen.Select(i => (ulong[])shares[i].Clone()).ToArray();
            shortShare[victim] = shortShare[victim][..^1];
            Assert.False(ShamirSecretSharing.TryCombine(weights, shortShare, output));
        }
    }

    [Theory]
    [InlineData(0, 1UL << 56)]
    [InlineData(3, 1UL << 56)]
    [InlineData(3, P - 1)]
    [InlineData(4, 1UL << 32)]
    public void OutOfRangeChunk_IsNotAWellFormedSecret(int chunk, ulong value)
    {
        // With one holder and weight 1 the combined chunks are the share itself: chunk values ≥ 2^56 (≥ 2^32 for the
        // 4-byte last chunk) are field elements but no secret's encoding.
        var share = new ulong[ShamirSecretSharing.ChunksPerSecret];
        share[chunk] = value;
        var output = new byte[ShamirSecretSharing.SecretSize];
        Assert.False(ShamirSecretSharing.TryCombine(LagrangeWeights.AtZero([1]), [share], output));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine([1], [share]));

        // One less is the largest value that is in range.
        share[chunk] = chunk == 4 ? (1UL << 32) - 1 : (1UL << 56) - 1;
        Assert.True(ShamirSecretSharing.TryCombine(LagrangeWeights.AtZero([1]), [share], output));
        Assert.All(output.AsSpan(7 * chunk, chunk == 4 ? 4 : 7).ToArray(), b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void SharesAtWrongPoints_DoNotReconstruct()
    {
        var rng = new Random(12);
        var secret = RandomSecret(rng);
        int[] points = [1, 2, 3, 4, 5];
        var shares = ShamirSecretSharing.Split(secret, 3, points);

        // Shares 1, 2, 3 presented as if they came from holders 1, 2, 4.
        var output = new byte[ShamirSecretSharing.SecretSize];
        var ok = ShamirSecretSharing.TryCombine(LagrangeWeights.AtZero([1, 2, 4]), [shares[0], shares[1], shares[2]], output);
        Assert.False(ok && output.AsSpan().SequenceEqual(secret));
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] RandomSecret(Random rng)
    {
        var secret = new byte[ShamirSecretSharing.SecretSize];
        rng.NextBytes(secret);
        return secret;
    }

    private static int[] DistinctPoints(Random rng, int count, int max)
    {
        var set = new HashSet<int>();
        while (set.Count < count)
            set.Add(rng.Next(1, max));
        return [.. set];
    }

    /// <summary>The documented layout: chunks are bytes 0–6, 7–13, 14–20, 21–27 and 28–31, little-endian.</summary>
    private static ulong[] Chunks(byte[] secret)
    {
        var chunks = new ulong[ShamirSecretSharing.ChunksPerSecret];
        for (var c = 0; c < chunks.Length; c++)
        {
            var buffer = new byte[8];
            secret.AsSpan(7 * c, Math.Min(7, 32 - 7 * c)).CopyTo(buffer);
            chunks[c] = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
        }
        return chunks;
    }

    /// <summary>The polynomial through (xs[i], ys[i]) evaluated at x, mod p, all in BigInteger.</summary>
    private static ulong Interpolate(BigInteger[] xs, BigInteger[] ys, BigInteger x)
    {
        BigInteger result = 0;
        for (var j = 0; j < xs.Length; j++)
        {
            BigInteger numerator = 1, denominator = 1;
            for (var m = 0; m < xs.Length; m++)
            {
                if (m == j)
                    continue;
                numerator = numerator * (x - xs[m]) % BigP;
                denominator = denominator * (xs[j] - xs[m]) % BigP;
            }
            numerator = (numerator + BigP) % BigP;
            denominator = (denominator + BigP) % BigP;
            result = (result + ys[j] * numerator % BigP * BigInteger.ModPow(denominator, BigP - 2, BigP)) % BigP;
        }
        return (ulong)result;
    }

    [Fact]
    public void Split_RejectsDuplicatePoints() =>
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(new byte[32], 2, [5, 5]));
}
