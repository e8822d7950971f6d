using SecureAgg.Actors.Cluster;
using SecureAgg.Learning.Training;

namespace SecureAgg.Actors.Training;

/// <summary>
/// A client node's inputs: simulated vectors when the server's sessions carry no payload, local training when they
/// carry a training payload. The node loads its data only when the first training session arrives (and once for
/// all its clients), so a node started without data still serves simulated sessions.
/// </summary>
public sealed class ClusterClientTask(Func<Task<ActivityData>> loadData) : IClientSessionTask
{
    private readonly SimulatedInputClient _simulated = new();

    // Loaded off the actor thread, once for all the node's clients.
    private readonly Lazy<Task<ClusterTrainingClient>> _training =
        new(() => Task.Run(async () => new ClusterTrainingClient(await loadData())), LazyThreadSafetyMode.ExecutionAndPublication);

    // The node's clients train one budget of cores at a time, so heartbeats and messages always find a free core.
    private readonly SemaphoreSlim _cores = new(ComputeBudget.Cores);

    public async Task<ulong[]> InputAsync(SessionAssignment assignment)
    {
        if (assignment.TaskPayload.Length == 0)
            return await _simulated.InputAsync(assignment);
        await _cores.WaitAsync();
        try
        {
            return await (await _training.Value).InputAsync(assignment);
        }
        finally
        {
            _cores.Release();
        }
    }
}
