namespace SecureAgg.Host.Experiment;

/// <summary>The journal or a session actor failed under a run: not an abort, and the grid stops.</summary>
public sealed class InfrastructureFailedException(string message) : Exception(message);
