using Akka.Actor;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// What the coordinator tells the server node's host (progress lines, result files, the end of the run), by message
/// only; together with the session actor's <see cref="RoundClosedNotice"/> it forwards, and each
/// <see cref="ClusterSessionResult"/>. Local only, never serialized.
/// </summary>
public interface IServerNodeNotice : INoSerializationVerificationNeeded;

/// <summary>
/// The node is up and its journal replayed: <paramref name="Continuing"/> when it resumes a run a crash interrupted
/// (so result files are appended to, not started afresh); else a new run, after <paramref name="FinishedRuns"/> runs
/// that finished in the same journal (their sessions stay in it).
/// </summary>
public sealed record ServerRunStarted(bool Continuing, int FinishedRuns = 0) : IServerNodeNotice;

public sealed record ClientJoined(string Name, int Registered) : IServerNodeNotice;

public sealed record ClientLeft(string Name, int Registered) : IServerNodeNotice;

/// <summary>A session opened, or was <paramref name="Resumed"/> from the journal after a restart.</summary>
public sealed record SessionOpenedNotice(ClusterSessionOpened Opened, bool Resumed) : IServerNodeNotice;

/// <summary>
/// No more sessions to run (all done, <paramref name="Error"/> null), or the node cannot go on; the last notice of a
/// run. <paramref name="Infrastructure"/>: it cannot go on because its journal failed, not because of the protocol.
/// </summary>
public sealed record ServerNodeStopped(string? Error, bool Infrastructure = false) : IServerNodeNotice;

/// <summary>
/// A restarted server waits <paramref name="Delay"/> before it joins through <paramref name="ClientNodes"/> known client
/// nodes, so that they have removed its previous incarnation first.
/// </summary>
public sealed record RejoinNotice(int ClientNodes, TimeSpan Delay) : IServerNodeNotice;

/// <summary>The journal failed a session and the server waits for it before the next one.</summary>
public sealed record JournalWaitNotice(string Reason, TimeSpan Limit) : IServerNodeNotice;

/// <summary>The journal answers again after <paramref name="Waited"/>; the server goes on.</summary>
public sealed record JournalBackNotice(TimeSpan Waited) : IServerNodeNotice;
