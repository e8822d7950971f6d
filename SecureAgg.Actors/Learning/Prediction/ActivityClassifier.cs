using SecureAgg.Learning.Data;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Training;

namespace SecureAgg.Learning.Prediction;

/// <summary>
/// A trained activity model applied to windows as training applied it to the test subjects: features
/// (<see cref="FeatureExtractor"/>), standardised with the global standardiser, or per device (subject) with that
/// device's own moments over all of its windows given, then the network's most likely class (class i = activity
/// id i + 1). Predicting the training run's test windows in their order gives exactly its test predictions.
/// </summary>
public sealed class ActivityClassifier(MlpModel network, Standardizer? standardizer, double epsilon = Standardizer.DefaultEpsilon)
{
    public MlpModel Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <summary>The global standardiser; null when each device standardises its own windows.</summary>
    public Standardizer? Standardizer { get; } = standardizer is null || standardizer.Dimension == network.Shape.InputSize
        ? standardizer
        : throw new ArgumentException($"The standardiser has {standardizer.Dimension} features, the network {network.Shape.InputSize}.", nameof(standardizer));

    public bool PerDevice => Standardizer is null;

    public int Classes => Network.Shape.Classes;

    /// <summary>The unstandardised features of each window, in order (in parallel over the cores; -1: all).</summary>
    public static double[][] Features(IReadOnlyList<Window> windows, int maxDegreeOfParallelism = -1) =>
        new FeatureExtractor().ExtractAll(windows.Select(ActivityDataBuilder.ToSensorWindow).ToArray(), maxDegreeOfParallelism);

    /// <summary>
    /// Standardised copies of <paramref name="features"/>; <paramref name="devices"/>[i] is the device (subject) of
    /// row i, which per-device standardisation needs for every row.
    /// </summary>
    public double[][] Standardize(IReadOnlyList<double[]> features, IReadOnlyList<int?> devices)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count != features.Count)
            throw new ArgumentException($"{features.Count} feature vectors but {devices.Count} devices.", nameof(devices));
        if (Standardizer is { } global)
            return global.ApplyAll(features);
        if (devices.Any(d => d is null))
            throw new ArgumentException("Per-device standardisation needs the device (subject) of every window.", nameof(devices));
        var standardized = new double[features.Count][];
        foreach (var device in Enumerable.Range(0, features.Count).GroupBy(i => devices[i]))
        {
            var rows = device.ToArray();
            var own = Standardizer.StandardizeWithOwnMoments(rows.Select(i => features[i]).ToArray(), epsilon);
            for (var k = 0; k < rows.Length; k++)
                standardized[rows[k]] = own[k];
        }
        return standardized;
    }

    /// <summary>The class of each row of unstandardised <paramref name="features"/> (one batch, in order).</summary>
    public int[] Predict(IReadOnlyList<double[]> features, IReadOnlyList<int?> devices) =>
        features.Count == 0 ? [] : Network.Predict(Standardize(features, devices));
}
