using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Cluster;

/// <summary>Handing a finished session to the task.</summary>
public sealed class SessionTaskOutcomeSpecs
{
    private static readonly ClusterSessionOpened Opened =
        new(1, SessionId.New(), new ProtocolParameters(3, 2, 16, 4), new byte[32], 1, TimeSpan.FromSeconds(1), [], []);

    /// <summary>A task that records what it was given, and refuses aggregates when told to.</summary>
    private sealed class RecordingTask(Exception? refusal = null) : IServerSessionTask
    {
        public List<string> Calls { get; } = [];

        public string Description => "recording";

        public int? MaxClients => null;

        public bool IsDone => false;

        public (int VectorLength, int Bits) Shape(int clientCount) => (4, 16);

        public byte[] Payload() => [];

        public SessionTaskOutcome Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors)
        {
            Calls.Add($"complete {aggregate.Length}");
            return refusal is null ? new SessionTaskOutcome(true, "fine") : throw refusal;
        }

        public void Skipped(ClusterSessionOpened opened, string reason) => Calls.Add($"skipped {reason}");

        public byte[] State() => [];

        public void Restore(byte[] state)
        {
        }
    }

    [Fact]
    public void A_completed_sessions_aggregate_goes_to_the_task_and_its_outcome_is_the_sessions()
    {
        var task = new RecordingTask();

        var outcome = SessionTaskOutcome.Of(task, Opened, new ulong[4], null, []);

        Assert.Equal(new SessionTaskOutcome(true, "fine"), outcome);
        Assert.Equal(new[] { "complete 4" }, task.Calls);
    }

    [Fact]
    public void An_aborted_session_is_noted_by_the_task_with_its_reason_and_has_no_outcome()
    {
        var task = new RecordingTask();

        var outcome = SessionTaskOutcome.Of(task, Opened, null, new ServerFailed("journal down"), []);

        Assert.Null(outcome);
        Assert.Single(task.Calls, call => call.StartsWith("skipped ", StringComparison.Ordinal) && call.Contains("journal down"));
    }

    [Fact]
    public void An_aggregate_the_task_cannot_use_is_reported_unverified_not_thrown()
    {
        var outcome = SessionTaskOutcome.Of(new RecordingTask(new ArgumentException("total weight 0")), Opened, new ulong[4], null, []);

        Assert.Equal(new SessionTaskOutcome(null, "aggregate not used: total weight 0"), outcome);
    }
}
