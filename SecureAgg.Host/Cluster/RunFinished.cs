using Akka.Actor;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Training;

namespace SecureAgg.Host.Cluster;

/// <summary>Host → <see cref="ServerResultsWriter"/> (an Ask): answer <see cref="RunFinished"/> once the run is over.</summary>
public sealed record AwaitRunFinished : INoSerializationVerificationNeeded
{
    public static readonly AwaitRunFinished Instance = new();
}

/// <summary>
/// The server run is over and every result is written: <paramref name="Error"/> is null when all sessions ran,
/// <paramref name="Results"/> are the sessions this process finished, and <paramref name="Training"/> the training
/// run's latest progress (every round's metrics, the model and its evaluation), null without training rounds.
/// <paramref name="Infrastructure"/>: the error is the journal's, not the protocol's.
/// </summary>
public sealed record RunFinished(string? Error, IReadOnlyList<ClusterSessionResult> Results, ClusterTrainingProgress? Training = null, bool Infrastructure = false)
    : INoSerializationVerificationNeeded;
