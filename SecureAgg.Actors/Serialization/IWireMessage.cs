namespace SecureAgg.Serialization;

/// <summary>
/// Marks a type that crosses process boundaries and therefore has a binary encoding (protocol messages through
/// <see cref="ProtocolCodec"/>; the actor layer's own messages through their own codecs built on
/// <see cref="WireWriter"/> and <see cref="WireReader"/>).
/// </summary>
public interface IWireMessage;
