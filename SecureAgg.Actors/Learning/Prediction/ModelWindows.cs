using System.Text.Json.Serialization;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Features;

namespace SecureAgg.Learning.Prediction;

/// <summary>
/// How the model's input windows are cut, the part of model.json that says what a recording must look like: the
/// sample rate, the window length and step (128 samples every 64: 2.56 s with 50% overlap, as in UCI HAR), the six
/// channels in order, and whether the postural transitions (activities 7–12) were windows and classes too.
/// </summary>
public sealed record ModelWindows(double SampleRateHz, int Length, int Step, string[] Channels, bool IncludeTransitions)
{
    /// <summary>The channel order of <see cref="Window.Samples"/>, with units.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } = ["acc_x_g", "acc_y_g", "acc_z_g", "gyro_x_rad_s", "gyro_y_rad_s", "gyro_z_rad_s"];

    /// <summary>The windows this program cuts (<see cref="Windowing"/>).</summary>
    public static ModelWindows Current(bool includeTransitions) =>
        new(SensorWindow.SampleRateHz, Window.Length, Windowing.Step, [.. ChannelNames], includeTransitions);

    /// <summary>Classes of a model on these windows: 6 activities, or 12 with the transitions.</summary>
    [JsonIgnore]
    public int Classes => IncludeTransitions ? Activities.Count : Activities.BasicCount;

    /// <summary>The first way these windows differ from the ones this program cuts, or null.</summary>
    internal string? Problem()
    {
        var current = Current(IncludeTransitions);
        if (SampleRateHz != current.SampleRateHz)
            return FormattableString.Invariant($"windows.sample_rate_hz is {SampleRateHz}, but the recordings this program reads are sampled at {current.SampleRateHz} Hz");
        if (Length != current.Length || Step != current.Step)
            return $"windows of {Length} samples every {Step}, but this program cuts {current.Length} samples every {current.Step}";
        if (Channels is null || !Channels.SequenceEqual(current.Channels))
            return $"windows.channels must be [{string.Join(", ", current.Channels)}], got [{string.Join(", ", Channels ?? [])}]";
        return null;
    }
}
