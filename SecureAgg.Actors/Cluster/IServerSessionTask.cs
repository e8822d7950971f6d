namespace SecureAgg.Actors.Cluster;

/// <summary>
/// What the server node's sessions compute, and what it does with each aggregate: simulated inputs checked against
/// their plaintext sum, or federated training (a secure moment sum, then one session per training round). The
/// coordinator journals the task's payload with each session and its state after each session, so a restarted
/// server resumes the same computation.
/// </summary>
public interface IServerSessionTask
{
    /// <summary>One line for the server's start-up message.</summary>
    string Description { get; }

    /// <summary>At most this many clients per session (e.g. one per data shard); null for any number.</summary>
    int? MaxClients { get; }

    /// <summary>Nothing left to run (the coordinator also stops after a fixed number of sessions, if set).</summary>
    bool IsDone { get; }

    /// <summary>Vector length m and word size b of the next session with <paramref name="clientCount"/> clients.</summary>
    (int VectorLength, int Bits) Shape(int clientCount);

    /// <summary>What every member of the next session receives with its assignment (e.g. the global model).</summary>
    byte[] Payload();

    /// <summary>Uses a completed session's aggregate; <see cref="SessionTaskOutcome.Verified"/> is null when it cannot be checked.</summary>
    SessionTaskOutcome Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors);

    /// <summary>A session aborted (nothing revealed); the task notes it (e.g. a training round skipped).</summary>
    void Skipped(ClusterSessionOpened opened, string reason);

    /// <summary>The task's state after the last session, journalled with the session's end.</summary>
    byte[] State();

    /// <summary>Rebuilds the state journalled by <see cref="State"/>.</summary>
    void Restore(byte[] state);
}
