using SecureAgg.Learning.Features;

namespace SecureAgg.Learning.Training;

/// <summary>One federated client: its standardised feature vectors and labels (class = activity id − 1).</summary>
public sealed record ClientData(int Id, int? Subject, double[][] Features, int[] Labels)
{
    public int Count => Labels.Length;
}

/// <summary>
/// The training clients and the held-out subjects the model is scored on, as feature vectors ready for the model:
/// the test subjects, or in cross-validation some training subjects (<see cref="Evaluation"/> says which; the test
/// subjects are then not in the data at all).
/// </summary>
public sealed record ActivityData(IReadOnlyList<ClientData> Clients, double[][] TestFeatures, int[] TestLabels, int FeatureCount, int Classes, string Description,
    IReadOnlyList<int?> TestSubjects, Evaluation? HeldOut = null)
{
    public Evaluation Evaluation => HeldOut ?? Evaluation.Test;

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
