using Akka.Actor;

namespace SecureAgg.Actors;

/// <summary>Tells a client actor where its session's server is; the client then advertises its keys.</summary>
public sealed record ConnectToServer(IActorRef Server) : INoSerializationVerificationNeeded;
