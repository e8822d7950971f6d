namespace SecureAgg.Learning.Data;

/// <summary>
/// One labelled example: 128 samples (2.56 s at 50 Hz) of 6 channels (acc x, y, z in g; gyro x, y, z in rad/s).
/// <see cref="Samples"/> is channel-major (channel c, sample t at <c>c * 128 + t</c>), one flat array so it can be
/// handed to a model as a single feature vector.
/// </summary>
/// <param name="Subject">1..30; null for UCI HAR files without subject_*.txt.</param>
/// <param name="Activity">Activity id (1-based, see <see cref="Activities"/>).</param>
/// <param name="Experiment">HAPT experiment (recording session); null for UCI HAR.</param>
/// <param name="Start">
/// Where the window sits in time, for ordering a subject's windows: HAPT: the 1-based row of the experiment's files
/// where the window begins; UCI HAR: the 1-based line of the window in its split's files (stored in time order).
/// </param>
public sealed record Window(int? Subject, int Activity, int? Experiment, int Start, float[] Samples)
{
    public const int Length = 128;
    public const int ChannelCount = 6;
    public const int AccX = 0, AccY = 1, AccZ = 2, GyroX = 3, GyroY = 4, GyroZ = 5;

    public float[] Samples { get; } = Samples.Length == ChannelCount * Length
        ? Samples
        : throw new ArgumentException($"a window has {ChannelCount} × {Length} samples, got {Samples.Length}", nameof(Samples));

    public ReadOnlySpan<float> Channel(int channel) => Samples.AsSpan(channel * Length, Length);
}
