using Akka.Actor;

namespace SecureAgg.Actors.Cluster;

/// <summary>Host → <see cref="ClientNodeGuardian"/> (an Ask): answer <see cref="ClientNodeFinished"/> once the node's work is over.</summary>
public sealed record AwaitClientNodeFinished : INoSerializationVerificationNeeded
{
    public static readonly AwaitClientNodeFinished Instance = new();
}

/// <summary>
/// The client node's verdict: the server said it is finished and left (<paramref name="Error"/> null), or why the node
/// gives up (the server gave up or was lost, a client cannot take part).
/// </summary>
public sealed record ClientNodeFinished(string? Error) : INoSerializationVerificationNeeded;
