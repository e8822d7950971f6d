using SecureAgg.Learning.Features;

namespace SecureAgg.Tests.Learning.Features;

public sealed class SignalFiltersSpecs
{
    private const double Rate = SyntheticWindows.Rate;

    // ---------------------------------------------------------------- Butterworth design

    [Theory]
    [InlineData(3, 0.3)]
    [InlineData(3, 20.0)]
    [InlineData(4, 5.0)]
    [InlineData(1, 2.0)]
    public void Butterworth_MatchesTheClosedFormMagnitude(int order, double cutoff)
    {
        var filter = new ButterworthLowPass(order, cutoff, Rate);
        Assert.Equal((order + 1) / 2, filter.Sections.Count);
        var kc = Math.Tan(Math.PI * cutoff / Rate);
        foreach (var f in new[] { 0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 20.0, 24.0 })
        {
            var ratio = Math.Tan(Math.PI * f / Rate) / kc;
            var expected = 1 / Math.Sqrt(1 + Math.Pow(ratio, 2 * order));
            Assert.Equal(expected, filter.MagnitudeAt(f), 1e-9);
        }
        Assert.Equal(1 / Math.Sqrt(2), filter.MagnitudeAt(cutoff), 1e-12);
    }

    [Fact]
    public void SettlingTime_IsLongAtTheGravityCutoff_AndShortAtTheNoiseCutoff()
    {
        Assert.InRange(new ButterworthLowPass(3, 0.3, Rate).SettlingSamples, 500, 2000);
        Assert.InRange(new ButterworthLowPass(3, 20.0, Rate).SettlingSamples, 1, 100);
    }

    [Fact]
    public void Butterworth_RejectsCutoffAtOrAboveNyquist()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ButterworthLowPass(3, 25.0, Rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ButterworthLowPass(3, 0.0, Rate));
    }

    [Fact]
    public void ZeroPhase_PassesAConstantUnchanged()
    {
        var filter = new ButterworthLowPass(3, 0.3, Rate);
        var input = Enumerable.Repeat(0.97, 128).ToArray();
        var output = new double[128];
        filter.FilterZeroPhase(input, output);
        Assert.All(output, v => Assert.Equal(0.97, v, 1e-12));
    }

    [Fact]
    public void ZeroPhase_PassesAPassBandSineWithoutDelay()
    {
        // 0.5 Hz through the 20 Hz filter: gain² ≈ 1 − 1e-15 and no phase shift, edges included.
        var filter = new ButterworthLowPass(3, 20.0, Rate);
        var input = SyntheticWindows.SineD(0.5, 1.0);
        var output = new double[input.Length];
        filter.FilterZeroPhase(input, output);
        for (var i = 0; i < input.Length; i++)
            Assert.Equal(input[i], output[i], 1e-3);
    }

    // ---------------------------------------------------------------- gravity / body split

    /// <summary>
    /// Total z = 1 g + 0.3 g·sin(2π·3 Hz·t), x = y = 0. Tolerances: in the middle half of the window (samples 32..95;
    /// the edges are where a window-local 0.3 Hz filter has to extrapolate) gravity is within 0.015 g of (0, 0, 1)
    /// and body within 0.015 g of the oscillation (measured 0.011); over the whole window within 0.03 g (measured
    /// 0.021). The residual is mostly the 3 Hz sine's non-zero mean over its 7.68 cycles, which a window-local
    /// low-pass cannot tell from gravity.
    /// </summary>
    [Fact]
    public void GravitySplit_SeparatesConstantGravityFromA3HzOscillation()
    {
        var oscillation = SyntheticWindows.SineD(3.0, 0.3);
        var zero = SyntheticWindows.Constant(0);
        var window = SensorWindow.FromChannels(
            [zero, zero, oscillation.Select(v => (float)(1.0 + v)).ToArray(), zero, zero, zero]);

        var signals = SignalFilters.Default.Derive(window);
        var g = signals.GravityAcc;
        var b = signals.BodyAcc;
        for (var i = 0; i < window.Length; i++)
        {
            var tolerance = i is >= 32 and < 96 ? 0.015 : 0.03;
            Assert.InRange(g.X.Span[i], -1e-12, 1e-12);
            Assert.InRange(g.Y.Span[i], -1e-12, 1e-12);
            Assert.InRange(g.Z.Span[i] - 1.0, -tolerance, tolerance);
            Assert.InRange(b.Z.Span[i] - oscillation[i], -tolerance, tolerance);
            Assert.InRange(g.Magnitude.Span[i] - 1.0, -tolerance, tolerance);
        }
    }

    [Fact]
    public void GravityPlusBody_IsTheInput_WithoutNoiseFilter()
    {
        var filters = new SignalFilters(applyNoiseFilter: false);
        var input = SyntheticWindows.SineD(1.3, 0.4, offset: -0.6);
        var gravity = new double[input.Length];
        var body = new double[input.Length];
        filters.SplitGravity(input, gravity, body);
        for (var i = 0; i < input.Length; i++)
            Assert.Equal(input[i], gravity[i] + body[i], 1e-12);
    }

    [Fact]
    public void BodyGyro_IsTheGyroUnchanged_WhenSlowAndNoiseFilterOff()
    {
        var gyro = SyntheticWindows.Sine(1.0, 0.5, offset: 0.1);
        var zero = SyntheticWindows.Constant(0);
        var window = SensorWindow.FromChannels([zero, zero, zero, gyro, zero, zero]);
        var signals = new SignalFilters(applyNoiseFilter: false).Derive(window);
        for (var i = 0; i < gyro.Length; i++)
            Assert.Equal(gyro[i], signals.BodyGyro.X.Span[i], 1e-12);
    }

    // ---------------------------------------------------------------- jerk and magnitude

    [Fact]
    public void JerkOfALinearRamp_IsSlopeTimesSampleRate()
    {
        const double slope = 0.013;
        var ramp = Enumerable.Range(0, 128).Select(i => 0.4 + slope * i).ToArray();
        var jerk = new double[ramp.Length];
        SignalFilters.Jerk(ramp, Rate, jerk);
        Assert.All(jerk, v => Assert.Equal(slope * 50, v, 1e-9));
    }

    [Fact]
    public void JerkOfARampWindow_ThroughTheWholePipeline_IsSlopeTimesRate()
    {
        // The gyro has no gravity split, and the noise filter passes a ramp (odd padding continues it).
        const double slope = 0.002;
        var ramp = Enumerable.Range(0, 128).Select(i => (float)(slope * i)).ToArray();
        var zero = SyntheticWindows.Constant(0);
        var signals = SignalFilters.Default.Derive(SensorWindow.FromChannels([zero, zero, zero, zero, zero, ramp]));
        var jerk = signals.BodyGyroJerk.Z.Span;
        for (var i = 0; i < jerk.Length; i++)
            Assert.Equal(slope * 50, jerk[i], 1e-4);
    }

    [Fact]
    public void Magnitude_IsTheEuclideanNorm()
    {
        var output = new double[2];
        SignalFilters.Magnitude([3.0, 0.0], [4.0, -1.0], [0.0, 0.0], output);
        Assert.Equal([5.0, 1.0], output);
    }

    [Fact]
    public void Jerk_RejectsMismatchedOutput() =>
        Assert.Throws<ArgumentException>(() => SignalFilters.Jerk([1.0, 2.0, 3.0], Rate, new double[2]));
}
