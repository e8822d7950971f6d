using SecureAgg.Persistence;
using SecureAgg.Protocol;

namespace SecureAgg.Actors;

/// <summary>
/// The server's last event of a session: what <c>secagg report</c> needs of it (each closed phase's accepted clients and
/// close time, the mode, m, the outcome), without the messages. Once the result is recorded elsewhere the events before
/// it are deleted (<see cref="SessionJournalPruner"/>), so a finished session's stream is this one small record.
/// </summary>
/// <param name="Events">How many events the session journalled before this one (its sequence number minus one).</param>
/// <param name="StartedAt">UTC ticks of the session's first event as this incarnation saw it; 0 when it was replayed (unknown).</param>
/// <param name="AbortReason">Why the server aborted; null when it completed.</param>
public sealed record SessionConcluded(SecurityMode Mode, int VectorLength, long Events, long StartedAt, IReadOnlyList<ConcludedPhase> Phases, string? AbortReason)
    : ISessionJournalEvent, IStreamSummary
{
    public bool Completed => AbortReason is null;
}

/// <summary>One phase that closed: the clients whose message was accepted (U_i), and when it closed (UTC ticks; 0 = before a restart, unknown).</summary>
public sealed record ConcludedPhase(ServerPhase Phase, int[] Accepted, long ClosedAt);
