namespace SecureAgg.Actors.Cluster;

/// <summary>
/// When aborted sessions stop the server: one abort is a legitimate outcome (too many dropouts, nothing revealed),
/// but <see cref="MaxConsecutiveAborts"/> in a row mean something is broken (clients without data, a bad setting),
/// and opening more would only repeat it.
/// </summary>
public sealed record AbortPolicy(int MaxConsecutiveAborts)
{
    public static readonly AbortPolicy Default = new(3);

    /// <summary>Why the server stops after this many aborts in a row (the last for <paramref name="lastReason"/>), or null to go on.</summary>
    public string? GiveUp(int consecutiveAborts, string? lastReason) =>
        consecutiveAborts < MaxConsecutiveAborts
            ? null
            : $"{consecutiveAborts} sessions in a row aborted, the last with: {lastReason} (are the clients able to compute their inputs? see their logs)";
}
