using System.Text.Json.Serialization;
using SecureAgg.Learning.Features;

namespace SecureAgg.Learning.Prediction;

/// <summary>
/// How feature vectors are standardised before the network sees them. <c>global</c>: z = (x − mean) / scale with
/// the <see cref="Mean"/> and <see cref="Scale"/> of the training clients' summed moments, the same for every device.
/// <c>per-device</c>: there is no global standardiser; every device (a subject) standardises its own windows with
/// their own mean and population standard deviation (a deviation below <see cref="Epsilon"/> scales by 1), so new
/// recordings are standardised subject by subject over all of that subject's windows. <see cref="Rule"/> says the
/// same in words for a reader of the file; it is not checked.
/// </summary>
public sealed record ModelStandardization(string Mode, string Rule, double Epsilon, double[]? Mean = null, double[]? Scale = null)
{
    public const string GlobalMode = "global";
    public const string PerDeviceMode = "per-device";

    public static ModelStandardization Global(Standardizer standardizer) =>
        new(GlobalMode, "z = (x - mean) / scale per feature, with the mean and scale below (from the sum of the training clients' moments, a secure sum in secure mode)",
            Standardizer.DefaultEpsilon, [.. standardizer.Mean], [.. standardizer.Scale]);

    public static ModelStandardization PerDevice() =>
        new(PerDeviceMode, "each device (subject) standardises all of its own windows with their own mean and population std (std below epsilon: scale 1)",
            Standardizer.DefaultEpsilon);

    [JsonIgnore]
    public bool IsPerDevice => Mode == PerDeviceMode;

    /// <summary>The global standardiser, or null for per-device standardisation.</summary>
    public Standardizer? ToStandardizer() => IsPerDevice ? null : new Standardizer(Mean!, Scale!);

    /// <summary>The first problem for vectors of <paramref name="features"/> features, or null.</summary>
    internal string? Problem(int features)
    {
        if (!(Epsilon >= 0) || !double.IsFinite(Epsilon))
            return FormattableString.Invariant($"standardization.epsilon must be a non-negative number, got {Epsilon}");
        if (Mode == PerDeviceMode)
            return Mean is not null || Scale is not null ? "per-device standardization has no global mean or scale, but the file gives one" : null;
        if (Mode != GlobalMode)
            return $"standardization.mode is '{Mode}'; it must be '{GlobalMode}' or '{PerDeviceMode}'";
        if (Mean is null || Scale is null)
            return "global standardization needs standardization.mean and standardization.scale";
        if (Mean.Length != features || Scale.Length != features)
            return $"standardization.mean has {Mean.Length} and standardization.scale {Scale.Length} values, but there are {features} features";
        for (var i = 0; i < features; i++)
        {
            if (!double.IsFinite(Mean[i]))
                return $"standardization.mean[{i}] is not a finite number";
            if (!(Scale[i] > 0) || !double.IsFinite(Scale[i]))
                return FormattableString.Invariant($"standardization.scale[{i}] must be positive, got {Scale[i]}");
        }
        return null;
    }
}
