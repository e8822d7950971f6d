using Akka.Actor;
using Akka.Serialization;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Transport;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Wire;

/// <summary>
/// Akka's serializer for everything marked <see cref="IWireMessage"/>: protocol messages through
/// <see cref="ProtocolCodec"/> (compact binary, vectors bit-packed), the server's journal events (stored inside
/// <see cref="SealedRecord"/>s), snapshots and recovery notices.
/// Bound in HOCON (see <see cref="SecAggActorConfig"/>); never the default JSON serializer.
/// </summary>
public sealed class SecAggSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4711;

    // Bit-packed vectors expand on decoding (width 1: 64 bytes of words per byte read); a deployment caps the length
    // at what its sessions use, so a forged message cannot make a node allocate gigabytes.
    private readonly int _maxVectorLength;
    private readonly int _journalMaxVectorLength;

    public SecAggSerializer(ExtendedActorSystem system) : base(system)
    {
        var configured = system.Settings.Config.GetInt("secagg.serialization.max-vector-length", 1 << 24);
        _maxVectorLength = Math.Clamp(configured, 1, WireLimits.MaxVectorLength);
        _journalMaxVectorLength = Math.Max(_maxVectorLength, 1 << 24);
    }

    private const string ProtocolManifest = "P";
    private const string AcceptedManifest = "A";
    private const string ClosedManifest = "C";
    private const string RecoveredManifest = "R";
    private const string SnapshotManifest = "S";
    private const string ChunkManifest = "K";
    private const string ConcludedManifest = "F";
    /// <summary>A <see cref="SealedRecord"/>: every journal row and snapshot the server writes.</summary>
    public const string SealedManifest = "Z";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        IProtocolMessage => ProtocolManifest,
        ClientMessageAccepted => AcceptedManifest,
        RoundClosed => ClosedManifest,
        SessionConcluded => ConcludedManifest,
        ServerRecovered => RecoveredManifest,
        SessionSnapshot => SnapshotManifest,
        MessageChunk => ChunkManifest,
        SealedRecord => SealedManifest,
        IClusterSessionMessage or IClusterJournalEvent => ClusterWireCodec.Manifest(o),
        _ => throw new ArgumentException($"SecAggSerializer cannot serialize {o.GetType().FullName}."),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        IProtocolMessage message => ProtocolCodec.Encode(message),
        ClientMessageAccepted accepted => ProtocolCodec.Encode(accepted.Message),
        RoundClosed closed => [(byte)closed.Phase],
        SessionConcluded concluded => SessionConcludedCodec.Encode(concluded),
        ServerRecovered recovered => EncodeRecovered(recovered),
        SessionSnapshot snapshot => SessionSnapshotCodec.Encode(snapshot),
        MessageChunk chunk => chunk.Encode(),
        SealedRecord record => record.Encode(),
        IClusterSessionMessage or IClusterJournalEvent => ClusterWireCodec.Encode(obj),
        _ => throw new ArgumentException($"SecAggSerializer cannot serialize {obj.GetType().FullName}."),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        ProtocolManifest => ProtocolCodec.Decode(bytes, _maxVectorLength),
        // Journal events are the server's own writing and may hold an earlier run's longer m (only network messages
        // get the tight cap) or an older server's ShareKeys without a commitment.
        AcceptedManifest => new ClientMessageAccepted(ProtocolCodec.DecodeJournalled(bytes, _journalMaxVectorLength) as IClientMessage
                                                      ?? throw new WireFormatException("A journalled message is not a client message.")),
        ClosedManifest => new RoundClosed(DecodePhase(bytes.Length == 1 ? bytes[0] : throw new WireFormatException("A RoundClosed event is one byte."))),
        ConcludedManifest => SessionConcludedCodec.Decode(bytes),
        RecoveredManifest => DecodeRecovered(bytes),
        SnapshotManifest => SessionSnapshotCodec.Decode(bytes, _journalMaxVectorLength),
        ChunkManifest => MessageChunk.Decode(bytes),
        SealedManifest => SealedRecord.Decode(bytes),
        _ when ClusterWireCodec.Handles(manifest) => ClusterWireCodec.Decode(manifest, bytes, system),
        _ => throw new WireFormatException($"Unknown SecAgg manifest '{manifest}'."),
    };

    private static byte[] EncodeRecovered(ServerRecovered recovered)
    {
        var writer = new WireWriter(SessionId.Size + 1);
        writer.WriteSession(recovered.Session);
        writer.WriteByte((byte)recovered.Phase);
        return writer.ToArray();
    }

    private static ServerRecovered DecodeRecovered(byte[] bytes)
    {
        if (bytes.Length != SessionId.Size + 1)
            throw new WireFormatException($"A ServerRecovered notice has {SessionId.Size + 1} bytes, got {bytes.Length}.");
        return new ServerRecovered(new SessionId(new Guid(bytes.AsSpan(0, SessionId.Size))), DecodePhase(bytes[SessionId.Size]));
    }

    private static ServerPhase DecodePhase(byte value) =>
        Enum.IsDefined((ServerPhase)value) ? (ServerPhase)value : throw new WireFormatException($"Unknown server phase {value}.");
}
