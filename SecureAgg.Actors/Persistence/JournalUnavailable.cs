using SecureAgg.Protocol;

namespace SecureAgg.Persistence;

/// <summary>
/// The journal could not be written or read for longer than the outage the server rides out: the session ends
/// without an output, and the server goes on with the next one once the journal is back.
/// </summary>
public sealed record JournalUnavailable(string Reason) : ProtocolError, IInfrastructureFailure
{
    public override string Message => $"The journal was unavailable: {Reason}";
}
