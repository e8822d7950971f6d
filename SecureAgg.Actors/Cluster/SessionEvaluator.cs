using Akka.Actor;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// Coordinator → the task's evaluator: work on a finished session (or on the restored state) that is slow or only
/// reports, kept off the coordinator's thread. It carries data only, never read or written by the coordinator
/// again. Local only, never serialized.
/// </summary>
public interface ISessionEvaluation : INoSerializationVerificationNeeded;

/// <summary>
/// Evaluator → coordinator: the <paramref name="Outcome"/> of the session (null: the step's stands) and a
/// <paramref name="Report"/> the coordinator tells the host after the session's result (e.g. the training run so far).
/// </summary>
public sealed record SessionEvaluated(SessionTaskOutcome? Outcome, IServerNodeNotice? Report) : INoSerializationVerificationNeeded;

/// <summary>
/// A task's evaluator: answers each <typeparamref name="TEvaluation"/> with a <see cref="SessionEvaluated"/>, one
/// at a time, in order. An evaluation that throws is answered with the error as its outcome, so the coordinator, which
/// journals the session's end only with the answer, never waits for nothing.
/// </summary>
public abstract class SessionEvaluator<TEvaluation> : ReceiveActor where TEvaluation : ISessionEvaluation
{
    protected SessionEvaluator() =>
        Receive<TEvaluation>(evaluation =>
        {
            SessionEvaluated answer;
            try
            {
                answer = Evaluate(evaluation);
            }
            catch (Exception error)
            {
                answer = new SessionEvaluated(new SessionTaskOutcome(null, $"not evaluated: {error.Message}"), null);
            }
            Sender.Tell(answer);
        });

    protected abstract SessionEvaluated Evaluate(TEvaluation evaluation);
}
