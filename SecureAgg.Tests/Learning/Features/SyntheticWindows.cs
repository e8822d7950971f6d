using SecureAgg.Learning.Features;

namespace SecureAgg.Tests.Learning.Features;

/// <summary>Synthetic sensor windows with known content, sampled at <see cref="SensorWindow.SampleRateHz"/>.</summary>
internal static class SyntheticWindows
{
    public const double Rate = SensorWindow.SampleRateHz;

    public static float[] Constant(double value, int n = SensorWindow.StandardLength) =>
        Enumerable.Repeat((float)value, n).ToArray();

    public static float[] Sine(double frequencyHz, double amplitude, double offset = 0, int n = SensorWindow.StandardLength) =>
        Enumerable.Range(0, n).Select(i => (float)(offset + amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / Rate))).ToArray();

    public static double[] SineD(double frequencyHz, double amplitude, double offset = 0, int n = SensorWindow.StandardLength) =>
        Enumerable.Range(0, n).Select(i => offset + amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / Rate)).ToArray();

    public static SensorWindow ConstantWindow(double ax, double ay, double az, double gx, double gy, double gz, int n = SensorWindow.StandardLength) =>
        SensorWindow.FromChannels([Constant(ax, n), Constant(ay, n), Constant(az, n), Constant(gx, n), Constant(gy, n), Constant(gz, n)]);

    /// <summary>A walking-like window: gravity mostly on one axis plus ~2 Hz gait, harmonics and sensor noise.</summary>
    public static SensorWindow Walking(Random rng, int n = SensorWindow.StandardLength)
    {
        var step = 1.6 + 0.8 * rng.NextDouble();
        var phase = rng.NextDouble() * 2 * Math.PI;
        var tilt = 0.2 * (rng.NextDouble() - 0.5);
        float[] Channel(double offset, double amp, double noise) =>
            Enumerable.Range(0, n).Select(i =>
            {
                var t = i / Rate;
                return (float)(offset + amp * Math.Sin(2 * Math.PI * step * t + phase)
                    + 0.3 * amp * Math.Sin(4 * Math.PI * step * t + 2 * phase)
                    + noise * (rng.NextDouble() - 0.5));
            }).ToArray();
        return SensorWindow.FromChannels(
        [
            Channel(1.0 - tilt * tilt / 2, 0.35, 0.05), Channel(tilt, 0.1, 0.05), Channel(0.1, 0.15, 0.05),
            Channel(0.0, 0.4, 0.02), Channel(0.05, 0.3, 0.02), Channel(-0.02, 0.2, 0.02),
        ]);
    }

    /// <summary>White noise on every channel, no structure.</summary>
    public static SensorWindow Noise(Random rng, double scale = 1.0, int n = SensorWindow.StandardLength)
    {
        float[] Channel() => Enumerable.Range(0, n).Select(_ => (float)(scale * (rng.NextDouble() * 2 - 1))).ToArray();
        return SensorWindow.FromChannels([Channel(), Channel(), Channel(), Channel(), Channel(), Channel()]);
    }
}
