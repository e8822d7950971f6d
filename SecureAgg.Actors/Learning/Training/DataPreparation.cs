namespace SecureAgg.Learning.Training;

public enum StandardizationMode
{
    /// <summary>
    /// One mean and scale for everyone, from the sum of the training clients' moments (never pooled data, never test
    /// data): the default.
    /// </summary>
    Global,

    /// <summary>
    /// Each device standardises its own windows with its own moments: nothing is shared, but a test subject is then
    /// scaled with statistics of its whole test session (transductive), which flatters the test accuracy.
    /// </summary>
    PerClient,
}

/// <summary>
/// How raw windows become clients: split, partition and standardisation; and how many cores feature extraction may
/// use (-1: all; a cluster node leaves one free for its heartbeats and messages). <see cref="CrossValidationFolds"/> &gt; 0:
/// the test subjects are not loaded at all (<see cref="ActivityDataBuilder.ValidationFold"/> holds out training subjects).
/// </summary>
public sealed record DataPreparation(
    int ClientsPerSubject = 1,
    bool IidPartition = false,
    StandardizationMode Standardization = StandardizationMode.Global,
    bool IncludeTransitions = false,
    int Seed = 1,
    int MaxDegreeOfParallelism = -1,
    int CrossValidationFolds = 0);
