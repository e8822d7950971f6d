using SecureAgg.Learning.Features;

namespace SecureAgg.Learning.Training;

/// <summary>One federated client: its standardised feature vectors and labels (class = activity id − 1).</summary>
public sealed record ClientData(int Id, int? Subject, double[][] Features, int[] Labels)
{
    public int Count => Labels.Length;
}

/// <summary>The training clients and the held-out test subjects, as feature vectors ready for the model.</summary>
public sealed record ActivityData(IReadOnlyList<ClientData> Clients, double[][] TestFeatures, int[] TestLabels, int FeatureCount, int Classes, string Description,
    IReadOnlyList<int?> TestSubjects)
{
    /// <summary>
    /// The global standardiser every feature vector was scaled with (set by <see cref="ActivityDataBuilder.Standardized"/>);
    /// null when the data is not standardised yet or each device standardised its own windows (per-client mode), for
    /// which there is no global one. A trained model needs it to be applied to new windows.
    /// </summary>
    public Standardizer? Standardizer { get; init; }

    public int TrainCount => Clients.Sum(c => c.Count);

    public (double[][] Features, int[] Labels) PooledTraining() =>
        (Clients.SelectMany(c => c.Features).ToArray(), Clients.SelectMany(c => c.Labels).ToArray());
}
