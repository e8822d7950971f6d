using SecureAgg.Learning.Features;

namespace SecureAgg.Tests.Learning.Features;

public sealed class FeatureExtractorSpecs
{
    private static readonly FeatureExtractor Extractor = new();

    private static double Feature(double[] features, string name) => features[FeatureExtractor.IndexOf(name)];

    // ---------------------------------------------------------------- layout

    [Fact]
    public void Names_AreParallelToTheVector_AndUnique()
    {
        var features = Extractor.Extract(SyntheticWindows.Walking(new Random(1)));
        Assert.Equal(FeatureExtractor.FeatureCount, features.Length);
        Assert.Equal(FeatureExtractor.FeatureCount, FeatureExtractor.FeatureNames.Count);
        Assert.Equal(FeatureExtractor.FeatureNames.Count, FeatureExtractor.FeatureNames.Distinct(StringComparer.Ordinal).Count());
        Assert.All(FeatureExtractor.FeatureNames, n => Assert.DoesNotContain(' ', n));
    }

    /// <summary>Pins the documented block boundaries: a reorder must be deliberate, as models depend on it.</summary>
    [Theory]
    [InlineData(0, "tBodyAcc-mean-X")]
    [InlineData(1, "tBodyAcc-mean-Y")]
    [InlineData(3, "tBodyAcc-std-X")]
    [InlineData(30, "tGravityAcc-mean-X")]
    [InlineData(150, "tBodyAccMag-mean")]
    [InlineData(200, "tBodyAcc-sma")]
    [InlineData(205, "tBodyAcc-correlation-XY")]
    [InlineData(210, "tBodyGyro-correlation-YZ")]
    [InlineData(211, "fBodyAcc-meanFreq-X")]
    [InlineData(223, "fBodyAcc-bandEnergy-0-1Hz-X")]
    [InlineData(301, "fBodyAccMag-meanFreq")]
    [InlineData(340, "fBodyGyroJerkMag-bandEnergy-10-25Hz")]
    [InlineData(341, "angle-X-gravityMean")]
    [InlineData(343, "angle-Z-gravityMean")]
    public void Order_IsStable(int index, string name)
    {
        Assert.Equal(name, FeatureExtractor.FeatureNames[index]);
        Assert.Equal(index, FeatureExtractor.IndexOf(name));
    }

    [Fact]
    public void UnknownName_Throws() =>
        Assert.Contains("tNope", Assert.Throws<ArgumentException>(() => FeatureExtractor.IndexOf("tNope")).Message);

    // ---------------------------------------------------------------- known windows

    [Fact]
    public void ConstantWindow_GivesGravityEqualToTheConstant_ZeroSpread_AndCSquaredEnergy()
    {
        double ax = 0.1, ay = -0.2, az = 0.97, gx = 0.05, gy = 0.0, gz = -0.02;
        var f = Extractor.Extract(SyntheticWindows.ConstantWindow(ax, ay, az, gx, gy, gz));

        (string Axis, double Acc, double Gyro)[] axes = [("X", ax, gx), ("Y", ay, gy), ("Z", az, gz)];
        foreach (var (axis, acc, gyro) in axes)
        {
            // float32 input: the constants are only exact to ~1e-8.
            Assert.Equal(acc, Feature(f, $"tGravityAcc-mean-{axis}"), 1e-7);
            Assert.Equal(0, Feature(f, $"tGravityAcc-std-{axis}"), 1e-9);
            Assert.Equal(acc * acc, Feature(f, $"tGravityAcc-energy-{axis}"), 1e-7);
            Assert.Equal(0, Feature(f, $"tBodyAcc-mean-{axis}"), 1e-9);
            Assert.Equal(0, Feature(f, $"tBodyAcc-std-{axis}"), 1e-9);
            Assert.Equal(0, Feature(f, $"tBodyAcc-energy-{axis}"), 1e-12);
            Assert.Equal(gyro, Feature(f, $"tBodyGyro-mean-{axis}"), 1e-7);
            Assert.Equal(0, Feature(f, $"tBodyGyro-std-{axis}"), 1e-9);
            Assert.Equal(gyro * gyro, Feature(f, $"tBodyGyro-energy-{axis}"), 1e-7);
            Assert.Equal(0, Feature(f, $"tBodyGyroJerk-energy-{axis}"), 1e-9);
            Assert.Equal(0, Feature(f, $"fBodyAcc-maxFreq-{axis}"));
        }
        var norm = Math.Sqrt(ax * ax + ay * ay + az * az);
        Assert.Equal(norm, Feature(f, "tGravityAccMag-mean"), 1e-7);
        Assert.Equal(Math.Acos(ax / norm), Feature(f, "angle-X-gravityMean"), 1e-6);
        Assert.Equal(Math.Acos(ay / norm), Feature(f, "angle-Y-gravityMean"), 1e-6);
        Assert.Equal(Math.Acos(az / norm), Feature(f, "angle-Z-gravityMean"), 1e-6);
        Assert.Equal(0, Feature(f, "tBodyAcc-correlation-XY"));
        AssertFinite(f);
    }

    [Fact]
    public void ZeroWindow_IsFinite_WithGravityAnglesAtRightAngles()
    {
        var f = Extractor.Extract(SyntheticWindows.ConstantWindow(0, 0, 0, 0, 0, 0));
        AssertFinite(f);
        Assert.Equal(Math.PI / 2, Feature(f, "angle-X-gravityMean"));
        Assert.All(f.Where((_, i) => !FeatureExtractor.FeatureNames[i].StartsWith("angle", StringComparison.Ordinal)), v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(128)]
    [InlineData(250)]
    public void RandomAndConstantWindows_OfAnyLength_AreFinite(int n)
    {
        var rng = new Random(n);
        AssertFinite(Extractor.Extract(SyntheticWindows.Noise(rng, 2.0, n)));
        AssertFinite(Extractor.Extract(SyntheticWindows.Walking(rng, n)));
        AssertFinite(Extractor.Extract(SyntheticWindows.ConstantWindow(1e6, -1e6, 3, 1e-7, 0, 100, n)));
        AssertFinite(new FeatureExtractor(new SignalFilters(applyNoiseFilter: false)).Extract(SyntheticWindows.Noise(rng, 1e-3, n)));
    }

    [Fact]
    public void FiveHertzBodyOscillation_IsFoundAtFiveHertz()
    {
        var zero = SyntheticWindows.Constant(0);
        var window = SensorWindow.FromChannels([SyntheticWindows.Sine(5.0, 0.3, offset: 1.0), zero, zero, zero, zero, SyntheticWindows.Sine(5.0, 1.0)]);
        var f = Extractor.Extract(window);
        Assert.Equal(5.0, Feature(f, "fBodyAcc-maxFreq-X"), SyntheticWindows.Rate / 128);
        Assert.Equal(5.0, Feature(f, "fBodyGyro-maxFreq-Z"), SyntheticWindows.Rate / 128);
        Assert.Equal(1.0, Feature(f, "tGravityAcc-mean-X"), 0.02);
        var bandNames = FrequencyDomainStatistics.Names.Skip(FrequencyDomainStatistics.FirstBandIndex).ToArray();
        var strongest = bandNames.MaxBy(b => Feature(f, $"fBodyAcc-{b}-X"));
        Assert.Equal("bandEnergy-3.5-5.5Hz", strongest);
        // 0.3 g amplitude: mean of squares 0.045 g², nearly all of it in body acc.
        Assert.Equal(0.045, Feature(f, "tBodyAcc-energy-X"), 0.005);
    }

    [Fact]
    public void TiltOfThePhone_ShowsInTheGravityAngles()
    {
        // Upright: gravity along X. Tilted 30° towards Z.
        var upright = Extractor.Extract(SyntheticWindows.ConstantWindow(1, 0, 0, 0, 0, 0));
        var tilted = Extractor.Extract(SyntheticWindows.ConstantWindow(Math.Cos(Math.PI / 6), 0, Math.Sin(Math.PI / 6), 0, 0, 0));
        Assert.Equal(0, Feature(upright, "angle-X-gravityMean"), 1e-3);
        Assert.Equal(Math.PI / 6, Feature(tilted, "angle-X-gravityMean"), 1e-6);
        Assert.Equal(Math.PI / 3, Feature(tilted, "angle-Z-gravityMean"), 1e-6);
    }

    // ---------------------------------------------------------------- determinism and batches

    [Fact]
    public void Extraction_IsDeterministic_AndTheBatchMatchesSingleCalls()
    {
        var rng = new Random(11);
        var windows = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? SyntheticWindows.Walking(rng) : SyntheticWindows.Noise(rng)).ToArray();
        var batch = Extractor.ExtractAll(windows);
        for (var i = 0; i < windows.Length; i++)
        {
            Assert.Equal(Extractor.Extract(windows[i]), batch[i]);
            AssertFinite(batch[i]);
        }
    }

    [Fact]
    public void WrongDestinationLength_Throws() =>
        Assert.Throws<ArgumentException>(() => Extractor.Extract(SyntheticWindows.Noise(new Random(1)), new double[10]));

    private static void AssertFinite(double[] features)
    {
        for (var i = 0; i < features.Length; i++)
            Assert.True(double.IsFinite(features[i]), $"{FeatureExtractor.FeatureNames[i]} = {features[i]}");
    }
}
