using Akka.Actor;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Cluster;

/// <summary>Messages between a client node's agents and the server node's coordinator: joining, sessions, leaving.</summary>
public interface IClusterSessionMessage : IWireMessage;

/// <summary>
/// Client agent → coordinator (through distributed pub-sub): this client wants to take part in sessions. The
/// <paramref name="Nonce"/> is fresh for each registration; the server's signed challenge echoes it, so a challenge
/// recorded earlier cannot be played back to the agent.
/// </summary>
public sealed record RegistrationRequest(string Name, byte[] Nonce) : IClusterSessionMessage;

/// <summary>Coordinator → client agent, signed: prove you hold <paramref name="Name"/>'s enrolled key by signing <paramref name="Challenge"/>.</summary>
public sealed record RegistrationChallenge(string Name, byte[] Nonce, byte[] Challenge) : IClusterSessionMessage;

/// <summary>
/// Client agent → coordinator: <paramref name="Signature"/> over <see cref="ControlSignatures.Registration"/> (the
/// server, its run, the challenge, the name and the agent's node) with the client's enrolled key; empty from a client
/// without a key, which only open enrolment admits.
/// </summary>
public sealed record RegistrationProof(string Name, byte[] Challenge, byte[] Signature) : IClusterSessionMessage;

/// <summary>
/// Coordinator → client agent: a control message (<paramref name="Manifest"/>, encoded as <paramref name="Body"/>)
/// signed with the server's identity key over <see cref="ControlSignatures.Control"/>, bound to the server's name, its
/// run (<paramref name="Incarnation"/>, announced in a challenge that echoed the agent's nonce), the recipient client
/// and the session (default outside a session). Clients act on control messages only in this form.
/// </summary>
public sealed record SignedControl(string Server, byte[] Incarnation, string Recipient, SessionId Session, string Manifest, byte[] Body, byte[] Signature)
    : IClusterSessionMessage;

/// <summary>Coordinator → client agent (signed): registered; the next session that opens will include it.</summary>
public sealed record ClientRegistered(string Name) : IClusterSessionMessage;

/// <summary>
/// Coordinator → client agent (signed): the client takes part in a session as client <paramref name="ClientId"/>, with
/// the public parameters and graph seed every participant shares; it answers <paramref name="Server"/>. Sent again
/// when a member registers again (after a server restart, with the recovered server's address), so it is idempotent
/// per session. The task payload says what the input is (empty for simulated inputs; the global model for a training
/// round). In active mode <paramref name="MemberNames"/> (id u = entry u − 1) lets each client look up its peers' keys
/// in its own trusted key file; it is empty otherwise.
/// </summary>
public sealed record SessionAssignment(SessionId Session, int Index, ProtocolParameters Parameters, int ClientId, byte[] GraphSeed, int InputSeed, IActorRef Server,
    byte[] TaskPayload, IReadOnlyList<string> MemberNames) : IClusterSessionMessage;

/// <summary>Coordinator → client agent (signed): the session is over (completed or aborted); the agent drops its state.</summary>
public sealed record SessionEnded(SessionId Session, bool Completed, string Outcome) : IClusterSessionMessage;

/// <summary>
/// Coordinator → client agent (signed), before the server leaves the cluster on purpose: no more sessions
/// (<paramref name="Error"/> null) or the server gave up. A server that leaves without it (stopped, crashed) may come
/// back, so clients wait.
/// </summary>
public sealed record ServerFinished(string? Error) : IClusterSessionMessage;
