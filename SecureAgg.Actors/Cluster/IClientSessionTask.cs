namespace SecureAgg.Actors.Cluster;

/// <summary>A client's side of the task: its input vector for one session, from the assignment and its payload.</summary>
public interface IClientSessionTask
{
    /// <summary>The input words (mod 2^b); may take a while (local training). Throws ArgumentException to refuse.</summary>
    Task<ulong[]> InputAsync(SessionAssignment assignment);
}
