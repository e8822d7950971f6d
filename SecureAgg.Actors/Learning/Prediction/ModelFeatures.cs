using SecureAgg.Learning.Features;

namespace SecureAgg.Learning.Prediction;

/// <summary>
/// The feature extractor a model was trained on: its name, the filters it applies first (noise and gravity
/// low-passes), and the count and name of every feature in order. A model is applied only with the same extractor:
/// the names must be <see cref="FeatureExtractor.FeatureNames"/>, one by one.
/// </summary>
public sealed record ModelFeatures(string Extractor, double NoiseCutoffHz, double GravityCutoffHz, int FilterOrder, int Count, string[] Names)
{
    public const string ExtractorName = "SecureAgg.Learning.Features.FeatureExtractor";

    /// <summary>This program's extractor with its default filters, the one training uses.</summary>
    public static ModelFeatures Current() =>
        new(ExtractorName, SignalFilters.NoiseCutoffHz, SignalFilters.GravityCutoffHz, SignalFilters.FilterOrder, FeatureExtractor.FeatureCount,
            [.. FeatureExtractor.FeatureNames]);

    /// <summary>The first way this extractor differs from this program's, or null.</summary>
    internal string? Problem()
    {
        var current = Current();
        if (Extractor != current.Extractor)
            return $"features.extractor is '{Extractor}', this program has '{current.Extractor}'";
        if (NoiseCutoffHz != current.NoiseCutoffHz || GravityCutoffHz != current.GravityCutoffHz || FilterOrder != current.FilterOrder)
            return FormattableString.Invariant(
                $"features were extracted after filters of order {FilterOrder} at {NoiseCutoffHz} Hz (noise) and {GravityCutoffHz} Hz (gravity), ") +
                   FormattableString.Invariant($"this program filters with order {current.FilterOrder} at {current.NoiseCutoffHz} Hz and {current.GravityCutoffHz} Hz");
        if (Count != current.Count)
            return $"features.count is {Count}, this program's extractor makes {current.Count}";
        if (Names is null || Names.Length != Count)
            return $"features.names has {Names?.Length ?? 0} names for {Count} features";
        for (var i = 0; i < Count; i++)
            if (Names[i] != current.Names[i])
                return $"feature {i} is '{Names[i]}', this program's extractor makes '{current.Names[i]}' there";
        return null;
    }
}
