using SecureAgg.Crypto;
using SecureAgg.Serialization;

namespace SecureAgg.Protocol.Messages;

/// <summary>Every protocol message names its session and round. Array fields are never mutated after creation.</summary>
public interface IProtocolMessage : IWireMessage
{
    SessionId Session { get; }
    ProtocolRound Round { get; }
}

/// <summary>A message a client sends to the server.</summary>
public interface IClientMessage : IProtocolMessage
{
    int Sender { get; }
}

/// <summary>A message the server sends to one client.</summary>
public interface IServerMessage : IProtocolMessage
{
    int Recipient { get; }
}
