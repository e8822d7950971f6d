using SecureAgg.Learning.Federated;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Learning.Federated;

public sealed class UpdateQuantizerSpecs(ITestOutputHelper output)
{
    /// <summary>
    /// Property: for random n, c, q, b ≥ RequiredBits(n, q) and vectors that reach past ±c, the dequantised masked sum is
    /// within n·2c/(2^q − 1) of the sum of the clipped values on every coordinate (up to float64 rounding).
    /// </summary>
    [Fact]
    public void Dequantised_sum_is_within_the_derived_bound_of_the_clipped_sum()
    {
        var worstRatio = 0.0;
        for (var caseSeed = 0; caseSeed < 300; caseSeed++)
        {
            var random = new Random(caseSeed);
            var n = random.Next(1, 65);
            var q = caseSeed % 10 == 0 ? random.Next(1, 4) : random.Next(1, UpdateQuantizer.MaxLevelBits + 1);
            var c = Math.Exp(random.NextDouble() * Math.Log(1e6)) * 1e-3; // 1e-3 .. 1e3, log-uniform
            var m = random.Next(1, 40);
            var required = UpdateQuantizer.RequiredBits(n, q);
            var b = random.Next(required, 63);
            var quantizer = new UpdateQuantizer(c, q);

            var vectors = new List<ulong[]>();
            var trueSum = new double[m];
            for (var u = 0; u < n; u++)
            {
                var update = new double[m];
                for (var i = 0; i < m; i++)
                {
                    // Mostly inside ±c, some beyond (clipped), some exactly on the edges.
                    update[i] = random.Next(8) switch
                    {
                        0 => c,
                        1 => -c,
                        2 => 3 * c * (2 * random.NextDouble() - 1),
                        _ => c * (2 * random.NextDouble() - 1),
                    };
                    trueSum[i] += quantizer.ClipValue(update[i]);
                }
                var words = quantizer.Quantize(update, seed: 1000 * caseSeed + u);
                Assert.All(words, w => Assert.True(w <= quantizer.MaxLevel));
                vectors.Add(words);
            }

            var decoded = quantizer.DequantizeSum(ModularSum.OfMasked(vectors, b, random), n, b);
            var bound = quantizer.SumErrorBound(n);
            Assert.Equal(n * 2 * c / (Math.Pow(2, q) - 1), bound, bound * 1e-12);
            // Float64 slack: a few ulps of the magnitudes involved (n·c), far below one step for q ≤ 32.
            var slack = 1e-12 * n * c;
            for (var i = 0; i < m; i++)
            {
                var error = Math.Abs(decoded[i] - trueSum[i]);
                Assert.True(error <= bound + slack, $"case {caseSeed} (n={n}, q={q}, c={c:G4}, b={b}) coord {i}: error {error:G6} > bound {bound:G6}");
                worstRatio = Math.Max(worstRatio, error / bound);
            }
        }
        output.WriteLine($"worst |error| / (n·2c/(2^q−1)) over 300 cases: {worstRatio:F3}");
    }

    [Fact]
    public void The_bound_is_tight_for_one_client()
    {
        // Values just below a level round down with small probability and then miss by almost one step.
        var quantizer = new UpdateQuantizer(1.0, 4);
        var random = new Random(1);
        var values = Enumerable.Range(0, 20_000).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        var decoded = quantizer.DequantizeSum(quantizer.Quantize(values, seed: 2), 1, 8);
        var worst = values.Select((v, i) => Math.Abs(decoded[i] - v)).Max();
        Assert.InRange(worst, 0.95 * quantizer.Step, quantizer.Step);
    }

    [Fact]
    public void Stochastic_rounding_is_unbiased()
    {
        // q = 3 makes the step coarse (2/7 for c = 1), so a biased rounding would show at once.
        var quantizer = new UpdateQuantizer(1.0, 3);
        double[] values = [-0.93, -0.5, -0.1, 0.0, 0.013, 0.2857, 0.6, 0.99, 1.7];
        const int draws = 40_000;
        var means = new double[values.Length];
        for (var d = 0; d < draws; d++)
        {
            var words = quantizer.Quantize(values, seed: d);
            for (var i = 0; i < values.Length; i++)
                means[i] += quantizer.Dequantize(words[i]) / draws;
        }
        // One draw is one of two neighbouring levels, so its standard deviation is at most s/2; allow 5 standard errors.
        var tolerance = 5 * quantizer.Step / 2 / Math.Sqrt(draws);
        for (var i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(means[i] - quantizer.ClipValue(values[i])) < tolerance,
                $"value {values[i]}: mean {means[i]:F5}, expected {quantizer.ClipValue(values[i]):F5} ± {tolerance:F5}");
    }

    [Theory]
    [InlineData(1, 16, 16)]
    [InlineData(2, 16, 17)]
    [InlineData(3, 16, 18)]
    [InlineData(4, 16, 18)]
    [InlineData(5, 8, 11)]
    [InlineData(1000, 20, 30)]
    [InlineData(1024, 20, 30)]
    [InlineData(1025, 20, 31)]
    public void Required_bits_is_q_plus_ceiling_log2_n(int n, int q, int expected) =>
        Assert.Equal(expected, UpdateQuantizer.RequiredBits(n, q));

    [Fact]
    public void Too_few_word_bits_are_refused_with_a_clear_error()
    {
        var quantizer = new UpdateQuantizer(1.0, 8);
        var error = Assert.Throws<ArgumentException>(() => quantizer.DequantizeSum(new ulong[3], clientCount: 2, wordBits: 8));
        Assert.Contains("at least 9 bits", error.Message);
        Assert.Contains("wraps", error.Message);

        // With b = 9 two clients at +c sum to 2·255 = 510 < 512 and decode to 2c exactly.
        var top = quantizer.Quantize([1.0, 5.0], seed: 0);
        Assert.Equal([255UL, 255UL], top);
        var decoded = quantizer.DequantizeSum([top[0] + top[1]], 2, 9);
        Assert.Equal(2.0, decoded[0], 12);
    }

    [Fact]
    public void A_word_no_sum_of_n_vectors_can_reach_is_refused()
    {
        var quantizer = new UpdateQuantizer(1.0, 8);
        Assert.Throws<ArgumentException>(() => quantizer.DequantizeSum([511UL], 2, 16));
        Assert.Equal(-2.0, quantizer.DequantizeSum([0UL], 2, 16)[0], 12);
    }

    [Fact]
    public void Edges_decode_exactly_and_non_finite_values_are_refused()
    {
        var quantizer = new UpdateQuantizer(0.5, 12);
        var words = quantizer.Quantize([-0.5, 0.5, -9.0, 9.0], seed: 3);
        Assert.Equal([0UL, 4095UL, 0UL, 4095UL], words);
        Assert.Equal(-0.5, quantizer.Dequantize(0), 15);
        Assert.Equal(0.5, quantizer.Dequantize(4095), 15);
        Assert.Throws<ArgumentException>(() => quantizer.Quantize([double.NaN], seed: 0));
        Assert.Throws<ArgumentException>(() => quantizer.Quantize([double.PositiveInfinity], seed: 0));
        Assert.Throws<ArgumentException>(() => new UpdateQuantizer(1.0, 33));
        Assert.Throws<ArgumentException>(() => new UpdateQuantizer(0, 8));
    }

    [Fact]
    public void Same_seed_gives_the_same_words()
    {
        var quantizer = new UpdateQuantizer(1.0, 6);
        double[] update = [0.1, -0.2, 0.33, 0.7];
        Assert.Equal(quantizer.Quantize(update, 42), quantizer.Quantize(update, 42));
    }
}
