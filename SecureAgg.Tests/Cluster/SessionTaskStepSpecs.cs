using Akka.Actor;
using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Cluster;

/// <summary>Handing a finished session to the task.</summary>
public sealed class SessionTaskStepSpecs
{
    private static readonly ClusterSessionOpened Opened =
        new(1, SessionId.New(), new ProtocolParameters(3, 2, 16, 4), new byte[32], 1, TimeSpan.FromSeconds(1), [], []);

    private sealed record Check(int Words) : ISessionEvaluation;

    /// <summary>A task that records what it was given, and refuses aggregates when told to.</summary>
    private sealed class RecordingTask(Exception? refusal = null) : IServerSessionTask
    {
        public List<string> Calls { get; } = [];

        public string Description => "recording";

        public int? MaxClients => null;

        public bool IsDone => false;

        public (int VectorLength, int Bits) Shape(int clientCount) => (4, 16);

        public byte[] Payload() => [];

        public SessionTaskStep Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors)
        {
            Calls.Add($"complete {aggregate.Length}");
            return refusal is null ? SessionTaskStep.Evaluate(new Check(aggregate.Length)) : throw refusal;
        }

        public SessionTaskStep Skipped(ClusterSessionOpened opened, string reason)
        {
            Calls.Add($"skipped {reason}");
            return SessionTaskStep.Done(null);
        }

        public void Evaluated(SessionEvaluated evaluated)
        {
        }

        public ISessionEvaluation? Resumed() => null;

        public Props Evaluator() => Props.Empty;

        public byte[] State() => [];

        public void Restore(byte[] state)
        {
        }
    }

    [Fact]
    public void A_completed_sessions_aggregate_goes_to_the_task_and_its_step_is_the_sessions()
    {
        var task = new RecordingTask();

        var step = SessionTaskStep.Of(task, Opened, new ulong[4], null, []);

        Assert.Equal(new SessionTaskStep(null, new Check(4)), step);
        Assert.Equal(new[] { "complete 4" }, task.Calls);
    }

    [Fact]
    public void An_aborted_session_is_noted_by_the_task_with_its_reason()
    {
        var task = new RecordingTask();

        var step = SessionTaskStep.Of(task, Opened, null, new ServerFailed("journal down"), []);

        Assert.Equal(SessionTaskStep.Done(null), step);
        Assert.Single(task.Calls, call => call.StartsWith("skipped ", StringComparison.Ordinal) && call.Contains("journal down"));
    }

    [Fact]
    public void An_aggregate_the_task_cannot_use_is_reported_unverified_not_thrown()
    {
        var step = SessionTaskStep.Of(new RecordingTask(new ArgumentException("total weight 0")), Opened, new ulong[4], null, []);

        Assert.Equal(SessionTaskStep.Done(new SessionTaskOutcome(null, "aggregate not used: total weight 0")), step);
    }
}
