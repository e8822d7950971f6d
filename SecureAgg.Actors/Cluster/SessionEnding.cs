using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// A finished session on its way to the journal: what its session actor reported, the rounds the coordinator heard
/// of, and what the task made of it so far (<see cref="Outcome"/>, replaced by the evaluator's if it has one).
/// </summary>
public sealed record SessionEnding(
    ClusterSessionOpened Opened,
    ulong[]? Aggregate,
    ProtocolError? Abort,
    IReadOnlyList<int[]> Survivors,
    IReadOnlyList<RoundClosedNotice> Rounds,
    bool Recovered,
    SessionTaskOutcome? Outcome)
{
    /// <summary>The session as the host hears of it, <paramref name="elapsed"/> after it opened (its evaluation included).</summary>
    public ClusterSessionResult Result(TimeSpan elapsed) =>
        new(Opened.Index, Opened.Session, Opened.Parameters, Opened.Members, Aggregate, Abort, Survivors, Rounds, Outcome?.Verified, Recovered, elapsed,
            Outcome?.Summary);
}
