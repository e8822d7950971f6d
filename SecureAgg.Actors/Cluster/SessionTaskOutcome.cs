namespace SecureAgg.Actors.Cluster;

/// <summary>What one finished session meant to the task: <see cref="Verified"/> is null when the aggregate cannot be checked.</summary>
public sealed record SessionTaskOutcome(bool? Verified, string Summary);
