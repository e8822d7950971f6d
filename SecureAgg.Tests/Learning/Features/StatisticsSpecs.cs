using MathNet.Numerics.Statistics;
using SecureAgg.Learning.Features;

namespace SecureAgg.Tests.Learning.Features;

/// <summary><see cref="TimeDomainStatistics"/>, <see cref="FrequencyDomainStatistics"/> and correlation on known signals.</summary>
public sealed class StatisticsSpecs
{
    private const double Rate = SyntheticWindows.Rate;

    private static double[] Time(double[] signal)
    {
        var stats = new double[TimeDomainStatistics.Count];
        TimeDomainStatistics.Compute(signal, stats);
        return stats;
    }

    private static double T(double[] stats, string name) => stats[IndexIn(TimeDomainStatistics.Names, name)];

    private static double F(double[] stats, string name) => stats[IndexIn(FrequencyDomainStatistics.Names, name)];

    private static int IndexIn(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name)
                return i;
        throw new ArgumentException(name);
    }

    // ---------------------------------------------------------------- time domain

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.97)]
    [InlineData(-2.5)]
    public void ConstantSignal_HasZeroSpread_MeanC_EnergyCSquared(double c)
    {
        var s = Time(Enumerable.Repeat(c, 128).ToArray());
        Assert.Equal(c, T(s, "mean"), 1e-12);
        // Σx/n of 128 copies of c is c only to rounding, so the spread is ~1e-16, not exactly 0.
        Assert.Equal(0, T(s, "std"), 1e-12);
        Assert.Equal(c * c, T(s, "energy"), 1e-12);
        Assert.Equal(c, T(s, "min"));
        Assert.Equal(c, T(s, "max"));
        Assert.Equal(0, T(s, "mad"));
        Assert.Equal(0, T(s, "iqr"));
        Assert.Equal(0, T(s, "entropy"));
        Assert.Equal(0, T(s, "autocorr1"));
        Assert.Equal(0, T(s, "skewness"));
    }

    [Fact]
    public void RandomSignal_AgreesWithMathNet()
    {
        var rng = new Random(7);
        var x = Enumerable.Range(0, 128).Select(_ => Math.Pow(rng.NextDouble(), 2) * 3 - 0.5).ToArray();
        var s = Time(x);
        Assert.Equal(x.Mean(), T(s, "mean"), 1e-12);
        Assert.Equal(x.PopulationStandardDeviation(), T(s, "std"), 1e-12);
        Assert.Equal(x.Min(), T(s, "min"));
        Assert.Equal(x.Max(), T(s, "max"));
        Assert.Equal(x.Select(v => v * v).Average(), T(s, "energy"), 1e-12);
        var iqr = x.QuantileCustom(0.75, QuantileDefinition.R7) - x.QuantileCustom(0.25, QuantileDefinition.R7);
        Assert.Equal(iqr, T(s, "iqr"), 1e-12);
        var median = x.QuantileCustom(0.5, QuantileDefinition.R7);
        Assert.Equal(x.Select(v => Math.Abs(v - median)).QuantileCustom(0.5, QuantileDefinition.R7), T(s, "mad"), 1e-12);
        Assert.Equal(x.PopulationSkewness(), T(s, "skewness"), 1e-9);
        Assert.InRange(T(s, "entropy"), 0.5, 1.0);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(32)]
    [InlineData(127)]
    [InlineData(128)]
    public void MedianAbsoluteDeviation_MatchesTheTwoSortDefinition_IncludingTies(int n)
    {
        var rng = new Random(n);
        foreach (var quantised in new[] { false, true })
        {
            var x = Enumerable.Range(0, n).Select(_ => quantised ? Math.Round(rng.NextDouble() * 4) : rng.NextDouble() * 4 - 1).ToArray();
            var median = x.QuantileCustom(0.5, QuantileDefinition.R7);
            var expected = x.Select(v => Math.Abs(v - median)).QuantileCustom(0.5, QuantileDefinition.R7);
            Assert.Equal(expected, T(Time(x), "mad"), 1e-12);
        }
    }

    [Fact]
    public void Entropy_IsOneForAUniformRamp_AndLagOneAutocorrelationIsNearOneForASlowSine()
    {
        var ramp = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        Assert.Equal(1.0, T(Time(ramp), "entropy"), 1e-12);
        Assert.InRange(T(Time(SyntheticWindows.SineD(1.0, 1.0)), "autocorr1"), 0.95, 1.0);
        var alternating = Enumerable.Range(0, 128).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        Assert.Equal(-1.0, T(Time(alternating), "autocorr1"), 0.02);
    }

    // ---------------------------------------------------------------- frequency domain

    /// <summary>
    /// 5 Hz is bin 12.8 of a 128-sample window (0.39 Hz bins), so the peak lands on bin 13 = 5.08 Hz and ~3% of the
    /// energy leaks out of the 3.5–5.5 Hz band (rectangular window). Tolerances: peak within one bin, in-band
    /// share above 90%.
    /// </summary>
    [Fact]
    public void FiveHertzSine_PeaksAtFiveHertz_AndItsBandDominates()
    {
        var x = SyntheticWindows.SineD(5.0, 0.4);
        var s = new double[FrequencyDomainStatistics.Count];
        FrequencyDomainStatistics.Compute(x, Rate, s);

        Assert.Equal(5.0, F(s, "maxFreq"), Rate / 128);
        Assert.Equal(5.0, F(s, "meanFreq"), 1.5);
        var bands = s.AsSpan(FrequencyDomainStatistics.FirstBandIndex, FrequencyDomainStatistics.BandCount).ToArray();
        var total = bands.Sum();
        var band = F(s, "bandEnergy-3.5-5.5Hz");
        Assert.Equal(bands.Max(), band);
        Assert.True(band / total > 0.9, $"5 Hz band holds only {band / total:P1} of the energy");
    }

    [Theory]
    [InlineData(128, 5.0)]
    [InlineData(100, 2.0)]
    [InlineData(32, 7.8125)]
    public void BandEnergies_AddUpToTheMeanOfSquares(int n, double frequencyHz)
    {
        var rng = new Random(n);
        var x = SyntheticWindows.SineD(frequencyHz, 0.5, offset: 0.2, n).Select(v => v + 0.1 * rng.NextDouble()).ToArray();
        var s = new double[FrequencyDomainStatistics.Count];
        FrequencyDomainStatistics.Compute(x, Rate, s);
        var bands = s.AsSpan(FrequencyDomainStatistics.FirstBandIndex, FrequencyDomainStatistics.BandCount).ToArray();
        Assert.Equal(x.Select(v => v * v).Average(), bands.Sum(), 1e-12);
        Assert.Equal(frequencyHz, F(s, "maxFreq"), Rate / n);
    }

    [Fact]
    public void ConstantSignal_HasAllEnergyInTheLowestBand_AndZeroShape()
    {
        var s = new double[FrequencyDomainStatistics.Count];
        FrequencyDomainStatistics.Compute(Enumerable.Repeat(0.7, 128).ToArray(), Rate, s);
        Assert.Equal(0.49, F(s, "bandEnergy-0-1Hz"), 1e-12);
        Assert.Equal([0.0, 0.0, 0.0, 0.0], s[..4]);
        Assert.All(s, v => Assert.True(double.IsFinite(v)));
    }

    // ---------------------------------------------------------------- correlation

    [Fact]
    public void Correlation_OfXWithAnAffineImage_IsPlusOrMinusOne()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 128).Select(_ => rng.NextDouble()).ToArray();
        Assert.Equal(1.0, FeatureExtractor.Correlation(x, x.Select(v => 2 * v + 1).ToArray()), 1e-12);
        Assert.Equal(-1.0, FeatureExtractor.Correlation(x, x.Select(v => -v).ToArray()), 1e-12);
        Assert.Equal(0.0, FeatureExtractor.Correlation(x, Enumerable.Repeat(3.0, 128).ToArray()));
    }
}
