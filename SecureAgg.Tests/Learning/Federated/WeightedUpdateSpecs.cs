using SecureAgg.Learning.Federated;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Learning.Federated;

public sealed class WeightedUpdateSpecs(ITestOutputHelper output)
{
    /// <summary>
    /// Encode n clients' updates, quantise, mask and sum mod R, dequantise, decode: the result is the float weighted
    /// average of the clipped updates within 2·n·s / Σw on every coordinate.
    /// </summary>
    [Fact]
    public void Secure_weighted_fedavg_equals_the_float_weighted_average_within_the_bound()
    {
        var worstRatio = 0.0;
        for (var caseSeed = 0; caseSeed < 60; caseSeed++)
        {
            var random = new Random(500 + caseSeed);
            var n = random.Next(1, 40);
            var q = random.Next(6, 25);
            var c = new[] { 0.01, 0.1, 1.0, 5.0 }[random.Next(4)];
            var m = random.Next(1, 60);
            var maxSamples = random.Next(50, 2000);
            var b = Math.Max(8, UpdateQuantizer.RequiredBits(n, q)) + random.Next(0, 4);

            var encoding = new WeightedUpdate(c, maxSamples);
            var quantizer = new UpdateQuantizer(c, q);
            var weightedSum = new double[m];
            var totalSamples = 0L;
            var words = new List<ulong[]>();
            for (var u = 0; u < n; u++)
            {
                var delta = Enumerable.Range(0, m).Select(_ => 1.3 * c * (2 * random.NextDouble() - 1)).ToArray();
                var samples = random.Next(1, maxSamples + 1);
                totalSamples += samples;
                for (var i = 0; i < m; i++)
                    weightedSum[i] += samples * Math.Clamp(delta[i], -c, c);

                var encoded = encoding.Encode(delta, samples);
                Assert.Equal(m + 1, encoded.Length);
                Assert.All(encoded, v => Assert.InRange(v, -c, c));
                words.Add(quantizer.Quantize(encoded, seed: 100 * caseSeed + u));
            }

            var summed = quantizer.DequantizeSum(ModularSum.OfMasked(words, b, random), n, b);
            var result = encoding.Decode(summed);
            var bound = WeightedUpdate.AverageErrorBound(quantizer.SumErrorBound(n), result.TotalWeight);

            Assert.Equal(m, result.Delta.Length);
            Assert.InRange(result.TotalSamples, totalSamples - maxSamples * quantizer.SumErrorBound(n) / c - 1e-6,
                totalSamples + maxSamples * quantizer.SumErrorBound(n) / c + 1e-6);
            for (var i = 0; i < m; i++)
            {
                var exact = weightedSum[i] / totalSamples;
                var error = Math.Abs(result.Delta[i] - exact);
                Assert.True(error <= bound * (1 + 1e-9), $"case {caseSeed} (n={n}, q={q}, c={c}) coord {i}: error {error:G6} > bound {bound:G6}");
                worstRatio = Math.Max(worstRatio, error / bound);
            }
        }
        output.WriteLine($"worst |error| / (2·n·s/Σw) over 60 cases: {worstRatio:F3}");
    }

    [Fact]
    public void Encoding_scales_by_the_sample_share_and_clips_before_weighting()
    {
        var encoding = new WeightedUpdate(clip: 2.0, maxSampleCount: 100);
        var encoded = encoding.Encode([1.0, -3.0, 0.5], sampleCount: 25);
        Assert.Equal([0.5, 0.25, -0.5, 0.125], encoded);

        // Two clients, exact floats: (25·[1, −2] + 100·[0, 2]) / 125 = [0.2, 1.2].
        var other = encoding.Encode([0.0, 2.0], 100);
        var summed = encoded.Take(3).Zip(other, (a, b) => a + b).ToArray();
        var average = encoding.Decode(summed);
        Assert.Equal(0.2, average.Delta[0], 12);
        Assert.Equal(1.2, average.Delta[1], 12);
        Assert.Equal(1.25, average.TotalWeight, 12);
        Assert.Equal(125, average.TotalSamples, 9);
    }

    [Fact]
    public void Invalid_inputs_are_refused()
    {
        var encoding = new WeightedUpdate(1.0, 10);
        Assert.Throws<ArgumentException>(() => encoding.Encode([0.0], 11));
        Assert.Throws<ArgumentException>(() => encoding.Encode([0.0], 0));
        Assert.Throws<ArgumentException>(() => encoding.Encode([double.NaN], 1));
        Assert.Throws<ArgumentException>(() => encoding.Decode([0.0, 1.0]));
        Assert.Throws<ArgumentException>(() => encoding.Decode([]));
    }
}
