using System.Text;
using Akka.Actor;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// Binary form of the cluster's session messages and the coordinator's journal events; actor references travel as
/// their serialized paths (with uid) and are resolved by the receiving node's provider.
/// </summary>
public static class ClusterWireCodec
{
    // "CR" was the unsigned registration of earlier versions; it is not read any more.
    public const string RequestManifest = "CQ";
    public const string ChallengeManifest = "CH";
    public const string ProofManifest = "CP";
    public const string SignedManifest = "CW";
    public const string RegisteredManifest = "CA";
    public const string AssignmentManifest = "CS";
    public const string EndedManifest = "CE";
    public const string FinishedManifest = "CF";
    public const string NodeSeenEventManifest = "JN";
    public const string OpenedEventManifest = "JO";
    public const string EndedEventManifest = "JE";
    public const string StoppedEventManifest = "JS";

    private const int MaxStringBytes = 4096;
    // A task payload or state (e.g. a model of a few hundred thousand doubles) stays far below the frame size.
    private const int MaxTaskBytes = 64 << 20;
    private const int MaxMembers = ProtocolParameters.MaxClients;
    // Nonces, challenges, incarnations and signatures are 16 to 64 bytes.
    private const int MaxTokenBytes = 64;
    // A signed control message carries an assignment (with its task payload) and a little framing.
    private const int MaxSignedBodyBytes = MaxTaskBytes + (1 << 20);

    public static string Manifest(object message) => message switch
    {
        RegistrationRequest => RequestManifest,
        RegistrationChallenge => ChallengeManifest,
        RegistrationProof => ProofManifest,
        SignedControl => SignedManifest,
        ClientRegistered => RegisteredManifest,
        SessionAssignment => AssignmentManifest,
        SessionEnded => EndedManifest,
        ServerFinished => FinishedManifest,
        ClientNodeSeen => NodeSeenEventManifest,
        ClusterSessionOpened => OpenedEventManifest,
        ClusterSessionEnded => EndedEventManifest,
        ClusterServerStopped => StoppedEventManifest,
        _ => throw new ArgumentException($"ClusterWireCodec cannot encode {message.GetType().FullName}."),
    };

    public static bool Handles(string manifest) =>
        manifest is RequestManifest or ChallengeManifest or ProofManifest or SignedManifest or RegisteredManifest or AssignmentManifest or EndedManifest
            or OpenedEventManifest or EndedEventManifest or StoppedEventManifest or FinishedManifest or NodeSeenEventManifest;

    public static byte[] Encode(object message)
    {
        var writer = new WireWriter();
        switch (message)
        {
            case RegistrationRequest request:
                WriteString(writer, request.Name);
                writer.WriteBytes(request.Nonce);
                break;
            case RegistrationChallenge challenge:
                WriteString(writer, challenge.Name);
                writer.WriteBytes(challenge.Nonce);
                writer.WriteBytes(challenge.Challenge);
                break;
            case RegistrationProof proof:
                WriteString(writer, proof.Name);
                writer.WriteBytes(proof.Challenge);
                writer.WriteBytes(proof.Signature);
                break;
            case SignedControl signed:
                WriteString(writer, signed.Server);
                writer.WriteBytes(signed.Incarnation);
                WriteString(writer, signed.Recipient);
                writer.WriteSession(signed.Session);
                WriteString(writer, signed.Manifest);
                writer.WriteBytes(signed.Body);
                writer.WriteBytes(signed.Signature);
                break;
            case ClientRegistered registered:
                WriteString(writer, registered.Name);
                break;
            case SessionAssignment assignment:
                writer.WriteSession(assignment.Session);
                writer.WriteInt32(assignment.Index);
                WriteParameters(writer, assignment.Parameters);
                writer.WriteInt32(assignment.ClientId);
                writer.WriteBytes(assignment.GraphSeed);
                writer.WriteInt32(assignment.InputSeed);
                WriteString(writer, Akka.Serialization.Serialization.SerializedActorPath(assignment.Server));
                writer.WriteBytes(assignment.TaskPayload);
                writer.WriteInt32(assignment.MemberNames.Count);
                foreach (var name in assignment.MemberNames)
                    WriteString(writer, name);
                break;
            case SessionEnded ended:
                writer.WriteSession(ended.Session);
                writer.WriteBoolean(ended.Completed);
                WriteString(writer, ended.Outcome);
                break;
            case ClusterSessionOpened opened:
                writer.WriteInt32(opened.Index);
                writer.WriteSession(opened.Session);
                WriteParameters(writer, opened.Parameters);
                writer.WriteBytes(opened.GraphSeed);
                writer.WriteInt32(opened.InputSeed);
                writer.WriteInt64(opened.RoundTimeout.Ticks);
                writer.WriteInt32(opened.Members.Count);
                foreach (var member in opened.Members)
                {
                    writer.WriteInt32(member.Id);
                    WriteString(writer, member.Name);
                    WriteString(writer, member.ActorPath);
                }
                writer.WriteBytes(opened.TaskPayload);
                break;
            case ClusterSessionEnded ended:
                writer.WriteInt32(ended.Index);
                writer.WriteSession(ended.Session);
                writer.WriteBoolean(ended.Completed);
                writer.WriteBytes(ended.TaskState);
                break;
            case ClusterServerStopped:
                break;
            case ServerFinished finished:
                writer.WriteBoolean(finished.Error is not null);
                WriteString(writer, finished.Error ?? "");
                break;
            case ClientNodeSeen seen:
                WriteString(writer, seen.Address);
                break;
            default:
                throw new ArgumentException($"ClusterWireCodec cannot encode {message.GetType().FullName}.");
        }
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes; a malformed message throws <see cref="WireFormatException"/> naming the field. Without an actor system
    /// (e.g. a journal report) everything but an assignment, which holds an actor reference, decodes.
    /// </summary>
    /// <summary>Akka parses the path itself and throws its own exceptions on a malformed one (found by fuzzing): refused here as bad input.</summary>
    private static IActorRef ResolveServer(ExtendedActorSystem? system, string path)
    {
        if (system is null)
            throw new WireFormatException("An assignment's server reference needs an actor system to resolve it.");
        try
        {
            return system.Provider.ResolveActorRef(path);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or UriFormatException or OverflowException)
        {
            throw new WireFormatException($"An assignment's server reference '{path}' is not an actor path: {error.Message}");
        }
    }

    public static object Decode(string manifest, byte[] bytes, ExtendedActorSystem? system)
    {
        var reader = new WireReader(bytes);
        object message = manifest switch
        {
            RequestManifest => new RegistrationRequest(ReadString(ref reader, "name"), reader.ReadBytes("nonce", MaxTokenBytes)),
            ChallengeManifest => new RegistrationChallenge(ReadString(ref reader, "name"), reader.ReadBytes("nonce", MaxTokenBytes),
                reader.ReadBytes("challenge", MaxTokenBytes)),
            ProofManifest => new RegistrationProof(ReadString(ref reader, "name"), reader.ReadBytes("challenge", MaxTokenBytes),
                reader.ReadBytes("signature", MaxTokenBytes)),
            SignedManifest => new SignedControl(ReadString(ref reader, "server"), reader.ReadBytes("incarnation", MaxTokenBytes),
                ReadString(ref reader, "recipient"), reader.ReadSession("session"), ReadString(ref reader, "manifest"),
                reader.ReadBytes("body", MaxSignedBodyBytes), reader.ReadBytes("signature", MaxTokenBytes)),
            RegisteredManifest => new ClientRegistered(ReadString(ref reader, "name")),
            AssignmentManifest => new SessionAssignment(reader.ReadSession("session"), reader.ReadInt32("index"), ReadParameters(ref reader),
                reader.ReadInt32("client id"), reader.ReadBytes("graph seed", 64), reader.ReadInt32("input seed"),
                ResolveServer(system, ReadString(ref reader, "server")), reader.ReadBytes("task payload", MaxTaskBytes), ReadNames(ref reader)),
            EndedManifest => new SessionEnded(reader.ReadSession("session"), reader.ReadBoolean("completed"), ReadString(ref reader, "outcome")),
            OpenedEventManifest => ReadOpened(ref reader),
            EndedEventManifest => new ClusterSessionEnded(reader.ReadInt32("index"), reader.ReadSession("session"), reader.ReadBoolean("completed"),
                reader.ReadBytes("task state", MaxTaskBytes)),
            StoppedEventManifest => ClusterServerStopped.Instance,
            FinishedManifest => ReadFinished(ref reader),
            NodeSeenEventManifest => new ClientNodeSeen(ReadString(ref reader, "address")),
            _ => throw new WireFormatException($"Unknown cluster manifest '{manifest}'."),
        };
        if (!reader.IsAtEnd)
            throw new WireFormatException($"{reader.Remaining} trailing bytes after a {message.GetType().Name}.");
        return message;
    }

    private static string[] ReadNames(ref WireReader reader)
    {
        var count = reader.ReadCount("member names", MaxMembers, 4);
        var names = new string[count];
        for (var i = 0; i < count; i++)
            names[i] = ReadString(ref reader, "member name");
        return names;
    }

    private static ServerFinished ReadFinished(ref WireReader reader)
    {
        var failed = reader.ReadBoolean("failed");
        var error = ReadString(ref reader, "error");
        return new ServerFinished(failed ? error : null);
    }

    private static ClusterSessionOpened ReadOpened(ref WireReader reader)
    {
        var index = reader.ReadInt32("index");
        var session = reader.ReadSession("session");
        var parameters = ReadParameters(ref reader);
        var graphSeed = reader.ReadBytes("graph seed", 64);
        var inputSeed = reader.ReadInt32("input seed");
        var ticks = reader.ReadInt64("round timeout");
        if (ticks <= 0)
            throw new WireFormatException($"A session's round timeout must be positive, got {ticks} ticks.");
        var count = reader.ReadCount("members", MaxMembers, 12);
        var members = new SessionMember[count];
        for (var i = 0; i < count; i++)
            members[i] = new SessionMember(reader.ReadInt32("member id"), ReadString(ref reader, "member name"), ReadString(ref reader, "member path"));
        return new ClusterSessionOpened(index, session, parameters, graphSeed, inputSeed, TimeSpan.FromTicks(ticks), members, reader.ReadBytes("task payload", MaxTaskBytes));
    }

    private static void WriteParameters(WireWriter writer, ProtocolParameters parameters)
    {
        writer.WriteInt32(parameters.ClientCount);
        writer.WriteInt32(parameters.Threshold);
        writer.WriteInt32(parameters.Bits);
        writer.WriteInt32(parameters.VectorLength);
        writer.WriteByte((byte)parameters.Mode);
        writer.WriteInt32(parameters.Neighbours ?? 0);
    }

    private static ProtocolParameters ReadParameters(ref WireReader reader)
    {
        var n = reader.ReadInt32("client count");
        var t = reader.ReadInt32("threshold");
        var bits = reader.ReadInt32("bits");
        var m = reader.ReadInt32("vector length");
        var mode = reader.ReadByte("mode");
        var k = reader.ReadInt32("neighbours");
        if (!Enum.IsDefined((SecurityMode)mode))
            throw new WireFormatException($"Unknown security mode {mode}.");
        try
        {
            return new ProtocolParameters(n, t, bits, m, (SecurityMode)mode, k == 0 ? null : k);
        }
        catch (ArgumentException invalid)
        {
            throw new WireFormatException($"Invalid session parameters: {invalid.Message}");
        }
    }

    private static void WriteString(WireWriter writer, string value) => writer.WriteBytes(Encoding.UTF8.GetBytes(value));

    private static string ReadString(ref WireReader reader, string field)
    {
        var bytes = reader.ReadBytesSpan(field, MaxStringBytes);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WireFormatException($"Field '{field}' is not valid UTF-8.");
        }
    }
}
