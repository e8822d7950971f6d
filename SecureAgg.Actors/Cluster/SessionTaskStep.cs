using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// What the task did with a finished session on the coordinator's thread: the <see cref="Outcome"/> so far, and the
/// <see cref="Evaluation"/> its evaluator is to run before the session's end is journalled (null when none); the
/// evaluator's outcome, if it has one, replaces this one.
/// </summary>
public sealed record SessionTaskStep(SessionTaskOutcome? Outcome, ISessionEvaluation? Evaluation)
{
    public static SessionTaskStep Done(SessionTaskOutcome? outcome) => new(outcome, null);

    public static SessionTaskStep Evaluate(ISessionEvaluation evaluation, SessionTaskOutcome? outcome = null) => new(outcome, evaluation);

    /// <summary>
    /// Hands a finished session to the task: it uses a completed session's aggregate and notes an aborted one (no
    /// outcome of its own). An aggregate the task cannot use is reported, not applied.
    /// </summary>
    public static SessionTaskStep Of(IServerSessionTask task, ClusterSessionOpened opened, ulong[]? aggregate, ProtocolError? abort,
        IReadOnlyList<int[]> survivors)
    {
        try
        {
            return aggregate is not null
                ? task.Complete(opened, aggregate, survivors)
                : task.Skipped(opened, abort?.Message ?? "aborted");
        }
        catch (Exception unusable) when (unusable is ArgumentException or FormatException)
        {
            // E.g. a payload that does not decode: the aggregate is not applied; the task's state is unchanged.
            return Done(new SessionTaskOutcome(null, $"aggregate not used: {unusable.Message}"));
        }
    }
}
