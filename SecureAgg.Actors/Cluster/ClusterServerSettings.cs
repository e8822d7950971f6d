using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// How the server node runs sessions: over every registered client (at least <see cref="MinClients"/>, waiting at
/// most <see cref="JoinTimeout"/>), <see cref="Sessions"/> of them (0 = until stopped or until the task is done).
/// Threshold and SecAgg+ degree follow the protocol defaults unless given; m and b come from the session task
/// (<see cref="VectorLength"/> and <see cref="Bits"/> are the simulated inputs' shape). The server signs its control
/// messages with <see cref="Identity"/>; clients register by proving they hold their key in <see cref="Trusted"/>, or
/// under <see cref="OpenEnrolment"/> (semi-honest only) with any name not in it. Its journal is sealed under
/// <see cref="JournalKey"/>, else under a key derived from <see cref="Identity"/>; records of older builds replay only
/// with <see cref="AcceptUnsealedJournal"/>. A journal outage up to <see cref="JournalOutage"/> is ridden out.
/// Restarted, it waits <see cref="RejoinDelay"/> before joining through its known client nodes (null: as long as
/// client nodes take at most to remove a dead server, <see cref="ServerAuthorityDowningProvider.ServerRemovalTime"/>).
/// </summary>
public sealed record ClusterServerSettings(
    int MinClients,
    TimeSpan JoinTimeout,
    int Sessions,
    int VectorLength,
    int Bits,
    int? Threshold,
    int? Neighbours,
    TimeSpan RoundTimeout,
    int Seed,
    long MaximumFrameSize,
    string Name = ClusterServerSettings.DefaultName,
    SecurityMode Mode = SecurityMode.SemiHonest,
    TrustedKeys? Trusted = null,
    long SnapshotAfterBytes = ServerSessionSettings.DefaultSnapshotAfterBytes,
    SigningKeyPair? Identity = null,
    bool OpenEnrolment = false,
    TimeSpan? ChallengeLifetime = null,
    int MaxClients = ClusterServerSettings.DefaultMaxClients,
    JournalKey? JournalKey = null,
    bool AcceptUnsealedJournal = false,
    TimeSpan? JournalOutageBudget = null,
    TimeSpan? RejoinDelay = null)
{
    /// <summary>The journal outage a session rides out (<see cref="JournalOutagePolicy"/>); the server waits ten of these for the journal after a longer one.</summary>
    public TimeSpan JournalOutage => JournalOutageBudget ?? JournalOutagePolicy.DefaultBudget;

    /// <summary>At most this many registered clients take part in a session: it bounds the share messages, so the frame size.</summary>
    public const int DefaultMaxClients = 1000;

    /// <summary>The smallest frame a node runs with: cluster gossip and pub-sub need room whatever the session.</summary>
    public const long MinimumFrameSize = 512 * 1024;

    /// <summary>How long a registration challenge may be answered: long enough for a busy node, short enough to be fresh.</summary>
    public static readonly TimeSpan DefaultChallengeLifetime = TimeSpan.FromSeconds(30);

    public const string CoordinatorName = "secagg-server";

    /// <summary>The path clients address through distributed pub-sub (no node address: the cluster finds it).</summary>
    public const string CoordinatorPath = "/user/" + CoordinatorName;

    public const string DefaultName = "secagg";

    /// <summary>The coordinator's journal stream: one per server name, so deployments can share a database.</summary>
    public string PersistenceId => $"secagg-cluster-server-{Name}";

    /// <summary>How the coordinator's and the sessions' journals are sealed and checked.</summary>
    public JournalIntegrity Integrity() =>
        new(JournalKey ?? Persistence.JournalKey.FromIdentity(Identity ?? throw new ArgumentException("The server needs its identity key (--identity).")),
            AcceptUnsealedJournal);

    public void Validate() => Validate(new SimulatedInputTask(VectorLength, Bits));

    public void Validate(IServerSessionTask task)
    {
        if (MinClients < 2)
            throw new ArgumentException($"min-clients = {MinClients}: a session needs at least 2 clients.");
        if (MaxClients < MinClients)
            throw new ArgumentException($"max-clients = {MaxClients} is below min-clients = {MinClients}.");
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new ArgumentException($"name '{Name}' must be letters, digits, '-', '_' or '.'.");
        if (Mode == SecurityMode.Active && Trusted is null)
            throw new ArgumentException("Active mode needs the clients' trusted keys (--trusted-keys FILE, written by secagg keys).");
        if (Mode == SecurityMode.Active && OpenEnrolment)
            throw new ArgumentException("open-enrolment cannot be used in active mode: every member's signatures are checked against the trusted key file.");
        if (ChallengeLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
            throw new ArgumentException("The registration challenge lifetime must be positive.");
        if (Sessions < 0)
            throw new ArgumentException($"sessions = {Sessions} must be 0 (until stopped) or positive.");
        if (JoinTimeout <= TimeSpan.Zero || RoundTimeout <= TimeSpan.Zero)
            throw new ArgumentException("join-timeout and round-timeout must be positive.");
        // Throws with the protocol's own message when m, b, t or k cannot work for the smallest session.
        var (length, bits) = task.Shape(MinClients);
        if (FrameSizeProblem(ParametersFor(MinClients, length, bits), task.Payload().Length) is { } problem)
            throw new ArgumentException(problem);
    }

    /// <summary>
    /// Why a session with these parameters and task payload cannot run over Akka.Remote's frame size, or null: checked
    /// before a session starts rather than failing mid-round.
    /// </summary>
    public string? FrameSizeProblem(ProtocolParameters parameters, int taskPayloadBytes)
    {
        // The assignment carries the task payload (e.g. the global model) in one message too.
        var largest = Math.Max(LargestMessageBytes(parameters), taskPayloadBytes + 4096L);
        return largest <= MaximumFrameSize
            ? null
            : $"A session of {parameters.ClientCount} clients with m = {parameters.VectorLength} words of {parameters.Bits} bits sends messages of about " +
              $"{largest:N0} bytes, more than akka.remote.dot-netty.tcp.maximum-frame-size = {MaximumFrameSize:N0}; raise the frame size.";
    }

    /// <summary>The most clients a session of this task can have.</summary>
    public int SessionCap(IServerSessionTask task) => Math.Max(MinClients, Math.Min(MaxClients, task.MaxClients ?? MaxClients));

    /// <summary>
    /// The frame size the server's largest session needs: its largest message (a masked input part, the share
    /// messages of <see cref="SessionCap"/> clients, or the task payload) with room for Akka's envelope, in whole
    /// 64 KiB. Used unless the node's HOCON sets <c>akka.remote.dot-netty.tcp.maximum-frame-size</c>; a smaller frame is
    /// what bounds the memory a half-sent frame can hold.
    /// </summary>
    public long FrameSizeFor(IServerSessionTask task)
    {
        var n = SessionCap(task);
        var (length, bits) = task.Shape(n);
        var largest = Math.Max(LargestMessageBytes(ParametersFor(n, length, bits)), task.Payload().Length) + 4096L;
        const long unit = 64 * 1024;
        return Math.Max(MinimumFrameSize, (largest + unit - 1) / unit * unit);
    }

    /// <summary>The parameters of a session of n clients with vectors of m words of b bits.</summary>
    public ProtocolParameters ParametersFor(int clientCount, int vectorLength, int bits)
    {
        // A SecAgg+ degree at or above n - 1 is the complete graph.
        int? k = Neighbours is { } degree && degree < clientCount - 1 ? degree : null;
        return ProtocolParameters.WithDefaults(clientCount, vectorLength, bits, Mode, k, Threshold);
    }

    /// <summary>
    /// An upper bound on the largest message of a session on the wire: a masked input (or its largest part, when it
    /// is sent in parts), or the share messages.
    /// </summary>
    public static long LargestMessageBytes(ProtocolParameters parameters)
    {
        var maskedInput = Math.Min(Transport.ChunkAssembly.MaskedInputBytes(parameters), Transport.MessageChunk.PartBytes + Transport.MessageChunk.HeaderBytes);
        var shares = Transport.ChunkAssembly.ShareMessageBytes(parameters);
        return Math.Max(maskedInput, shares);
    }
}
