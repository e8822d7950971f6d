namespace SecureAgg.Actors;

/// <summary>Asks the <see cref="AggregationCoordinator"/> to answer <see cref="PruningDone"/> once no session's journal is being pruned.</summary>
public sealed class AwaitPruning
{
    public static readonly AwaitPruning Instance = new();
}

/// <summary>No session's journal is being pruned.</summary>
public sealed class PruningDone
{
    public static readonly PruningDone Instance = new();
}
