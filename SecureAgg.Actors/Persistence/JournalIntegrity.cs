namespace SecureAgg.Persistence;

/// <summary>
/// How a persistent actor seals its journal and checks it on replay: under <paramref name="Key"/>, and whether records
/// written before journal integrity existed (unsealed, so unchecked) are replayed at all.
/// </summary>
public sealed record JournalIntegrity(JournalKey Key, bool AcceptUnsealed = false)
{
    /// <summary>A key of this process only: an actor restarted in it recovers; one started elsewhere is refused.</summary>
    public static JournalIntegrity Ephemeral() => new(JournalKey.Ephemeral());
}
