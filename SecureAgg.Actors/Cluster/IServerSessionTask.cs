using Akka.Actor;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// What the server node's sessions compute, and what it does with each aggregate: simulated inputs checked against
/// their plaintext sum, or federated training (a secure moment sum, then one session per training round). The task
/// is the coordinator's own state beside <see cref="CoordinatorState"/>: deterministic, quick and journalled (its
/// payload with each session, its state after each session), so a restarted server resumes the same computation.
/// What is slow or only reports (checking an aggregate, evaluating a model) is a <see cref="ISessionEvaluation"/> for
/// the task's <see cref="Evaluator"/>, an actor on the CPU dispatcher that answers by message.
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

    /// <summary>Uses a completed session's aggregate (e.g. decodes the update and steps the model); what is left to evaluate is in the step.</summary>
    SessionTaskStep Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors);

    /// <summary>A session aborted (nothing revealed); the task notes it (e.g. a training round skipped).</summary>
    SessionTaskStep Skipped(ClusterSessionOpened opened, string reason);

    /// <summary>The evaluator's answer to the last step's evaluation, noted before <see cref="State"/> is journalled (e.g. the round's metrics).</summary>
    void Evaluated(SessionEvaluated evaluated);

    /// <summary>
    /// After <see cref="Restore"/>: an evaluation whose <see cref="SessionEvaluated.Report"/> tells the host what the
    /// journal holds (e.g. the training rounds so far), in case the run ends before any session; null for nothing.
    /// </summary>
    ISessionEvaluation? Resumed();

    /// <summary>The actor that answers this task's evaluations with <see cref="SessionEvaluated"/>; the coordinator runs it on the CPU dispatcher.</summary>
    Props Evaluator();

    /// <summary>The task's state after the last session, journalled with the session's end.</summary>
    byte[] State();

    /// <summary>Rebuilds the state journalled by <see cref="State"/>.</summary>
    void Restore(byte[] state);
}
