namespace SecureAgg.Learning.Features;

/// <summary>
/// One window of raw waist-worn smartphone inertial data: accelerometer x, y, z (total acceleration in g, gravity
/// included) and gyroscope x, y, z (rad/s), all sampled at <see cref="SampleRateHz"/>. The standard window is
/// <see cref="StandardLength"/> samples (2.56 s, as in UCI HAR), but any common length of at least
/// <see cref="MinLength"/> is accepted: features are defined in Hz and per-sample averages, so they do not depend on
/// the length, only their resolution does. Channels are held as <see cref="ReadOnlyMemory{T}"/> so a loader can hand
/// out slices of one large buffer without copying; the window never writes to them.
/// </summary>
/// <remarks>
/// Properties are get-only (not init) so a <c>with</c> expression cannot bypass the validation.
/// </remarks>
public sealed record SensorWindow
{
    public const double SampleRateHz = 50.0;
    public const int StandardLength = 128;
    /// <summary>Below this the 0.3 Hz gravity split and the FFT bands have too little signal to mean anything.</summary>
    public const int MinLength = 32;
    public const int ChannelCount = 6;

    /// <summary>Channel order used by <see cref="FromChannels(IReadOnlyList{float[]})"/> and <see cref="Channel"/>.</summary>
    public static readonly IReadOnlyList<string> ChannelNames = ["AccX", "AccY", "AccZ", "GyroX", "GyroY", "GyroZ"];

    public SensorWindow(
        ReadOnlyMemory<float> accX, ReadOnlyMemory<float> accY, ReadOnlyMemory<float> accZ,
        ReadOnlyMemory<float> gyroX, ReadOnlyMemory<float> gyroY, ReadOnlyMemory<float> gyroZ)
    {
        ReadOnlyMemory<float>[] channels = [accX, accY, accZ, gyroX, gyroY, gyroZ];
        Validate(channels);
        AccX = accX;
        AccY = accY;
        AccZ = accZ;
        GyroX = gyroX;
        GyroY = gyroY;
        GyroZ = gyroZ;
    }

    public ReadOnlyMemory<float> AccX { get; }
    public ReadOnlyMemory<float> AccY { get; }
    public ReadOnlyMemory<float> AccZ { get; }
    public ReadOnlyMemory<float> GyroX { get; }
    public ReadOnlyMemory<float> GyroY { get; }
    public ReadOnlyMemory<float> GyroZ { get; }

    /// <summary>Samples per channel.</summary>
    public int Length => AccX.Length;

    /// <summary>Channel by index in <see cref="ChannelNames"/> order.</summary>
    public ReadOnlyMemory<float> Channel(int index) => index switch
    {
        0 => AccX,
        1 => AccY,
        2 => AccZ,
        3 => GyroX,
        4 => GyroY,
        5 => GyroZ,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, $"Channel index must be 0..{ChannelCount - 1}."),
    };

    /// <summary>Builds a window from exactly six arrays in <see cref="ChannelNames"/> order.</summary>
    public static SensorWindow FromChannels(IReadOnlyList<float[]> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count != ChannelCount)
            throw new ArgumentException(
                $"A sensor window needs exactly {ChannelCount} channels ({string.Join(", ", ChannelNames)}), got {channels.Count}.",
                nameof(channels));
        for (var c = 0; c < ChannelCount; c++)
            if (channels[c] is null)
                throw new ArgumentException($"Channel {ChannelNames[c]} (index {c}) is null.", nameof(channels));
        return new SensorWindow(channels[0], channels[1], channels[2], channels[3], channels[4], channels[5]);
    }

    private static void Validate(ReadOnlyMemory<float>[] channels)
    {
        var length = channels[0].Length;
        for (var c = 0; c < channels.Length; c++)
        {
            if (channels[c].Length != length)
                throw new ArgumentException(
                    $"All {ChannelCount} channels must have the same length: {ChannelNames[0]} has {length} samples but {ChannelNames[c]} has {channels[c].Length}.",
                    "channels");
        }
        if (length < MinLength)
            throw new ArgumentException(
                $"A sensor window needs at least {MinLength} samples per channel (standard {StandardLength}), got {length}.",
                "channels");
        // Non-finite input would silently turn every derived feature into NaN; refuse it where the cause is visible.
        for (var c = 0; c < channels.Length; c++)
        {
            var span = channels[c].Span;
            for (var i = 0; i < span.Length; i++)
                if (!float.IsFinite(span[i]))
                    throw new ArgumentException(
                        $"Channel {ChannelNames[c]} has a non-finite value ({span[i]}) at sample {i}.", "channels");
        }
    }
}
