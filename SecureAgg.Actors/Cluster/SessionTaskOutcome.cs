using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>What one completed session meant to the task.</summary>
public sealed record SessionTaskOutcome(bool? Verified, string Summary)
{
    /// <summary>
    /// Hands a finished session to the task: it uses a completed session's aggregate (the outcome) and notes an
    /// aborted one (null). An aggregate the task cannot use is reported, not applied.
    /// </summary>
    public static SessionTaskOutcome? Of(IServerSessionTask task, ClusterSessionOpened opened, ulong[]? aggregate, ProtocolError? abort,
        IReadOnlyList<int[]> survivors)
    {
        try
        {
            if (aggregate is not null)
                return task.Complete(opened, aggregate, survivors);
            task.Skipped(opened, abort?.Message ?? "aborted");
            return null;
        }
        catch (Exception unusable) when (unusable is ArgumentException or FormatException)
        {
            // E.g. a decoded total weight ≤ 0: the aggregate is not applied; the task's state is unchanged.
            return new SessionTaskOutcome(null, $"aggregate not used: {unusable.Message}");
        }
    }
}
