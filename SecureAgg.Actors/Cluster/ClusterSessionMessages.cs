using Akka.Actor;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Cluster;

/// <summary>Messages between a client node's agents and the server node's coordinator: joining, sessions, leaving.</summary>
public interface IClusterSessionMessage : IWireMessage;

/// <summary>Client agent → coordinator (through distributed pub-sub): this client wants to take part in sessions.</summary>
public sealed record RegisterClient(string Name) : IClusterSessionMessage;

/// <summary>Coordinator → client agent: registered; the next session that opens will include it.</summary>
public sealed record ClientRegistered(string Name) : IClusterSessionMessage;

/// <summary>
/// Coordinator → client agent: the client takes part in a session as client <paramref name="ClientId"/>, with the
/// public parameters and graph seed every participant shares; it answers <paramref name="Server"/>. Sent again after
/// a server restart (with the recovered server's address), so it is idempotent per session. The task payload says
/// what the input is (empty for simulated inputs; the global model for a training round). In active mode
/// <paramref name="MemberNames"/> (id u = entry u − 1) lets each client look up its peers' keys in its own trusted
/// key file; it is empty otherwise.
/// </summary>
public sealed record SessionAssignment(SessionId Session, int Index, ProtocolParameters Parameters, int ClientId, byte[] GraphSeed, int InputSeed, IActorRef Server,
    byte[] TaskPayload, IReadOnlyList<string> MemberNames) : IClusterSessionMessage;

/// <summary>Coordinator → client agent: the session is over (completed or aborted); the agent drops its state.</summary>
public sealed record SessionEnded(SessionId Session, bool Completed, string Outcome) : IClusterSessionMessage;

/// <summary>
/// Coordinator → client agent, before the server leaves the cluster on purpose: no more sessions (<paramref name="Error"/>
/// null) or the server gave up. A server that leaves without it (stopped, crashed) may come back, so clients wait.
/// </summary>
public sealed record ServerFinished(string? Error) : IClusterSessionMessage;
