namespace SecAgg.Learning.Training;

public enum StandardizationMode
{
    /// <summary>Each device standardises its own windows with its own moments: nothing is shared at all.</summary>
    PerClient,

    /// <summary>One mean and scale for everyone, from the sum of the clients' moments (never from pooled data).</summary>
    Global,
}

/// <summary>How raw windows become clients: split, partition and standardisation.</summary>
public sealed record DataPreparation(
    int ClientsPerSubject = 1,
    bool IidPartition = false,
    StandardizationMode Standardization = StandardizationMode.PerClient,
    bool IncludeTransitions = false,
    int Seed = 1);
