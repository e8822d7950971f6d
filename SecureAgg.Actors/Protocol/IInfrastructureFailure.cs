namespace SecureAgg.Protocol;

/// <summary>
/// Marks a session's end that is not a protocol outcome but a failure of what the server runs on (its journal, its
/// own actor): a run with one of these never reports "ok", while too few survivors is a legitimate, counted abort.
/// </summary>
public interface IInfrastructureFailure;
