namespace SecureAgg.Host.Report;

/// <summary>
/// What checking one session's records under the journal key found: how many were sealed and verified, how many had
/// no seal (written by builds before journal integrity, so not checkable), and the first failure, if any.
/// </summary>
public sealed record IntegrityCheck(int Sealed, int Unsealed, string? Failure)
{
    public bool Failed => Failure is not null;

    public string Text => Failure is { } failure
        ? $"FAILED: {failure} The events from there on are not in this report."
        : Unsealed == 0
            ? $"verified: {Sealed} sealed event{(Sealed == 1 ? "" : "s")}"
            : $"{Sealed} sealed event{(Sealed == 1 ? "" : "s")} verified; {Unsealed} unsealed (written before journal integrity), not checkable";
}
