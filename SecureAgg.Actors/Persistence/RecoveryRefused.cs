using SecureAgg.Protocol;

namespace SecureAgg.Persistence;

/// <summary>
/// A session that could not be recovered from its journal (a record failed its integrity check, the journal could not
/// be read, or the replay diverged): it ends without an output. An infrastructure failure, not a protocol outcome.
/// </summary>
public sealed record RecoveryRefused(string Reason) : ProtocolError, IInfrastructureFailure
{
    public override string Message => $"The server refused to recover the session from its journal: {Reason}";
}
