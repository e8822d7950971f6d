using Akka.Actor;
using SecureAgg.Actors.Cluster;

namespace SecureAgg.Host.Cluster;

/// <summary>Host → <see cref="ServerResultsWriter"/> (an Ask): answer <see cref="RunFinished"/> once the run is over.</summary>
public sealed record AwaitRunFinished : INoSerializationVerificationNeeded
{
    public static readonly AwaitRunFinished Instance = new();
}

/// <summary>
/// The server run is over and every result is written: <paramref name="Error"/> is null when all sessions ran, and
/// <paramref name="Results"/> are the sessions this process finished.
/// </summary>
public sealed record RunFinished(string? Error, IReadOnlyList<ClusterSessionResult> Results) : INoSerializationVerificationNeeded;
