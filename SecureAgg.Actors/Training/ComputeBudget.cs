namespace SecureAgg.Actors.Training;

/// <summary>
/// How many cores a cluster node's own computation (data loading, local training) may keep busy: all but one, so the
/// node's heartbeats, remoting and actors are never queued behind it (a node computing on every core of a busy
/// machine was taken for dead).
/// </summary>
public static class ComputeBudget
{
    public static int Cores => Math.Max(1, Environment.ProcessorCount - 1);
}
