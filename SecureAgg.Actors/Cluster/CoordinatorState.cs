namespace SecureAgg.Actors.Cluster;

/// <summary>
/// What the coordinator's journal says, rebuilt by <see cref="Apply"/> both when the journal replays and after each
/// event is persisted, so a restarted server is where the crashed one was: the open session (resumed), the next
/// session index, the sessions of this run and the aborts in a row so far, the task's state, and the client nodes
/// to rejoin through.
/// </summary>
public sealed record CoordinatorState(
    ClusterSessionOpened? Open,
    int NextIndex,
    int CompletedSessions,
    int ConsecutiveAborts,
    byte[]? TaskState,
    KnownClientNodes ClientNodes)
{
    public static readonly CoordinatorState Initial = new(null, 1, 0, 0, null, KnownClientNodes.None);

    /// <summary>The journal holds part of a run a crash interrupted: result files are appended to, not started afresh.</summary>
    public bool Continuing => CompletedSessions > 0 || Open is not null;

    /// <summary>How many runs the journal holds that finished cleanly (<see cref="ClusterServerStopped"/>): their sessions stay in it.</summary>
    public int FinishedRuns { get; init; }

    public CoordinatorState Apply(IClusterJournalEvent journalled) => journalled switch
    {
        ClusterSessionOpened opened => this with { Open = opened, NextIndex = opened.Index + 1 },
        ClusterSessionEnded ended => this with
        {
            Open = null,
            CompletedSessions = CompletedSessions + 1,
            ConsecutiveAborts = ended.Completed ? 0 : ConsecutiveAborts + 1,
            // Only the last state counts: the task restores it once replay is complete.
            TaskState = ended.TaskState,
        },
        ClientNodeSeen seen => this with { ClientNodes = ClientNodes.With(seen.Address) },
        // The previous run finished cleanly: the next one starts afresh (session indexes go on).
        ClusterServerStopped => this with { FinishedRuns = FinishedRuns + 1, CompletedSessions = 0, ConsecutiveAborts = 0, TaskState = null, ClientNodes = KnownClientNodes.None },
        _ => throw new ArgumentException($"The coordinator does not journal {journalled.GetType().Name}."),
    };
}
