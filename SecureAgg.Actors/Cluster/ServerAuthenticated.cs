using Akka.Actor;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// Client agent → its <see cref="ClientNodeGuardian"/>: the coordinator on <paramref name="Node"/> proved the pinned
/// server identity (a signed challenge that echoed the agent's nonce), so that node's leaving is the server's.
/// </summary>
public sealed record ServerAuthenticated(Address Node) : INoSerializationVerificationNeeded;
