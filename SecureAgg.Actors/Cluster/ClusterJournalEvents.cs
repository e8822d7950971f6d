using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Cluster;

/// <summary>What the server node's coordinator journals, so a restarted server resumes the open session.</summary>
public interface IClusterJournalEvent : IWireMessage;

/// <summary>One client of a session: its id, its agent's name and the agent's actor path (with uid).</summary>
public sealed record SessionMember(int Id, string Name, string ActorPath);

/// <summary>A session opened with these members, parameters and task payload; journalled before any client hears of it.</summary>
public sealed record ClusterSessionOpened(int Index, SessionId Session, ProtocolParameters Parameters, byte[] GraphSeed, int InputSeed,
    TimeSpan RoundTimeout, IReadOnlyList<SessionMember> Members, byte[] TaskPayload) : IClusterJournalEvent;

/// <summary>A session finished (completed or aborted), with the task's state after it (<see cref="IServerSessionTask.State"/>).</summary>
public sealed record ClusterSessionEnded(int Index, SessionId Session, bool Completed, byte[] TaskState) : IClusterJournalEvent;

/// <summary>
/// A client node registered a client: after a crash the restarted server joins the cluster through the nodes it
/// knows, whether or not a session was open.
/// </summary>
public sealed record ClientNodeSeen(string Address) : IClusterJournalEvent;

/// <summary>
/// The server ran all its sessions and stopped cleanly: a later start on this journal counts its sessions afresh,
/// whereas a server restarted after a crash continues the interrupted run.
/// </summary>
public sealed record ClusterServerStopped : IClusterJournalEvent
{
    public static readonly ClusterServerStopped Instance = new();
}
