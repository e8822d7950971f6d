using SecureAgg.Learning.Features;

namespace SecureAgg.Tests.Learning.Features;

public sealed class SensorWindowSpecs
{
    private static float[] Ch(int n = 128) => new float[n];

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    public void WrongChannelCount_Throws(int count)
    {
        var channels = Enumerable.Range(0, count).Select(_ => Ch()).ToArray();
        var ex = Assert.Throws<ArgumentException>(() => SensorWindow.FromChannels(channels));
        Assert.Contains("exactly 6 channels", ex.Message);
        Assert.Contains($"got {count}", ex.Message);
    }

    [Fact]
    public void UnequalLengths_Throw_NamingTheChannel()
    {
        var ex = Assert.Throws<ArgumentException>(() => SensorWindow.FromChannels([Ch(), Ch(), Ch(), Ch(), Ch(127), Ch()]));
        Assert.Contains("same length", ex.Message);
        Assert.Contains("GyroY has 127", ex.Message);
    }

    [Fact]
    public void TooShort_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SensorWindow(Ch(31), Ch(31), Ch(31), Ch(31), Ch(31), Ch(31)));
        Assert.Contains("at least 32", ex.Message);
    }

    [Fact]
    public void NullChannel_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => SensorWindow.FromChannels([Ch(), Ch(), null!, Ch(), Ch(), Ch()]));
        Assert.Contains("AccZ", ex.Message);
    }

    [Fact]
    public void NonFiniteSample_Throws()
    {
        var bad = Ch();
        bad[17] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => SensorWindow.FromChannels([Ch(), bad, Ch(), Ch(), Ch(), Ch()]));
        Assert.Contains("AccY", ex.Message);
        Assert.Contains("sample 17", ex.Message);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(128)]
    [InlineData(200)]
    public void AnyCommonLengthFromMinimum_IsAccepted(int n)
    {
        var window = SensorWindow.FromChannels([Ch(n), Ch(n), Ch(n), Ch(n), Ch(n), Ch(n)]);
        Assert.Equal(n, window.Length);
    }

    [Fact]
    public void Channels_KeepTheirOrder()
    {
        var channels = Enumerable.Range(0, 6).Select(c => SyntheticWindows.Constant(c)).ToArray();
        var window = SensorWindow.FromChannels(channels);
        for (var c = 0; c < 6; c++)
            Assert.Equal(c, window.Channel(c).Span[0]);
        Assert.Equal(3f, window.GyroX.Span[5]);
    }
}
