namespace SecureAgg.Actors.Cluster;

/// <summary>What one completed session meant to the task.</summary>
public sealed record SessionTaskOutcome(bool? Verified, string Summary);
