using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// One finished session as the server saw it; <see cref="Verified"/> is the task's check of the aggregate (null when
/// the task cannot check it, e.g. real model updates), <see cref="TaskSummary"/> what the task made of it; the
/// coordinator tells it to the host.
/// </summary>
public sealed record ClusterSessionResult(
    int Index,
    SessionId Session,
    ProtocolParameters Parameters,
    IReadOnlyList<SessionMember> Members,
    ulong[]? Aggregate,
    ProtocolError? AbortReason,
    IReadOnlyList<int[]> Survivors,
    IReadOnlyList<RoundClosedNotice> Rounds,
    bool? Verified,
    bool Recovered,
    TimeSpan Elapsed,
    string? TaskSummary) : IServerNodeNotice
{
    public bool Completed => Aggregate is not null;
}
