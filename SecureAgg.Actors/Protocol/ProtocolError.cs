using SecureAgg.Protocol.Messages;
namespace SecureAgg.Protocol;

/// <summary>
/// Why a message was rejected, a request refused or a session aborted. Whether the error ends a session is said by the
/// step that carries it (a rejected message changes nothing).
/// </summary>
public abstract record ProtocolError
{
    public abstract string Message { get; }

    public sealed override string ToString() => $"{GetType().Name}: {Message}";
}

public sealed record WrongSession(string MessageType, Crypto.SessionId Expected, Crypto.SessionId Actual) : ProtocolError
{
    public override string Message => $"{MessageType} belongs to session {Actual}, not {Expected}.";
}

public sealed record WrongRound(string MessageType, string CurrentPhase) : ProtocolError
{
    public override string Message => $"{MessageType} is not expected in phase {CurrentPhase}.";
}

public sealed record UnknownSender(ProtocolRound Round, int Sender) : ProtocolError
{
    public override string Message => $"Client {Sender} is not a participant of {Round}.";
}

public sealed record DuplicateMessage(ProtocolRound Round, int Sender) : ProtocolError
{
    public override string Message => $"Client {Sender} already sent its {Round} message.";
}

public sealed record WrongLength(ProtocolRound Round, int Sender, string Field, int Expected, int Actual) : ProtocolError
{
    public override string Message => $"{Round} from client {Sender}: {Field} has length {Actual}, expected {Expected}.";
}

public sealed record MalformedMessage(ProtocolRound Round, int Sender, string Detail) : ProtocolError
{
    public override string Message => $"{Round} from client {Sender}: {Detail}";
}

public sealed record InvalidSignature(ProtocolRound Round, int Signer) : ProtocolError
{
    public override string Message => $"The {Round} signature of client {Signer} does not verify.";
}

/// <summary>The server's abort: too few clients left (in some neighbourhood, for SecAgg+) to go on safely.</summary>
public sealed record TooFewSurvivors(ProtocolRound Round, int Survivors, int Threshold, int? Neighbourhood = null) : ProtocolError
{
    public override string Message => Neighbourhood is { } client
        ? $"Aborted after {Round}: the neighbourhood of client {client} has {Survivors} survivors, below the threshold t = {Threshold}."
        : $"Aborted after {Round}: {Survivors} survivors, below the threshold t = {Threshold}.";
}

/// <summary>
/// The server's abort on a sparse graph: the survivors split into pieces with no masking edge between them, so the
/// aggregate would reveal each piece's sum.
/// </summary>
public sealed record DisconnectedSurvivors(ProtocolRound Round, int Survivors, int Pieces) : ProtocolError
{
    public override string Message => $"Aborted after {Round}: the {Survivors} survivors fall into {Pieces} disconnected groups, whose separate sums would be exposed.";
}

/// <summary>The server itself failed (journal unavailable, recovery diverged); the session ends without an output.</summary>
public sealed record ServerFailed(string Reason) : ProtocolError, IInfrastructureFailure
{
    public override string Message => $"The server session failed: {Reason}.";
}

/// <summary>A client's refusal of a server request that could reveal too much; the client stops.</summary>
public sealed record RequestRefused(ProtocolRound Round, string Reason) : ProtocolError
{
    public override string Message => $"Refused the {Round} request: {Reason}";
}

public sealed record DecryptionFailed(int Sender) : ProtocolError
{
    public override string Message => $"The share ciphertext from client {Sender} failed authentication (tampered, replayed or redirected).";
}

/// <summary>
/// The server's abort for a b with no commitment to check it against (journalled by a server before ShareKeys carried
/// one): two subsets of its shares disagree. Every other secret is checked, see <see cref="UnverifiedReconstruction"/>.
/// </summary>
public sealed record ReconstructionFailed(int Owner, string Secret) : ProtocolError
{
    public override string Message => $"The shares of client {Owner}'s {Secret} do not reconstruct a consistent secret.";
}

/// <summary>
/// The server's abort in Unmasking: no subset of the <paramref name="Shares"/> revealed shares that the bounded search
/// tried (see <see cref="SecretReconstruction"/>) rebuilds a secret matching what <paramref name="Owner"/> published,
/// its s_pk or its commitment to b. With exactly t shares a single corrupted one is enough. Aborting is the only safe
/// end: a secret that does not verify would give a wrong sum, and the other secret of that client must stay hidden.
/// </summary>
public sealed record UnverifiedReconstruction(int Owner, SharedSecret Secret, int Shares, int Threshold) : ProtocolError
{
    public override string Message =>
        $"Aborted in Unmasking: no subset tried of the {Shares} shares of client {Owner}'s {Describe(Secret)} (t = {Threshold}) " +
        $"reconstructs the {(Secret == SharedSecret.MaskingKey ? "key behind its advertised s_pk" : "seed it committed to in ShareKeys")}.";

    private static string Describe(SharedSecret secret) => secret == SharedSecret.MaskingKey ? "masking key s_sk" : "self-mask seed b";
}
