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

    public async Task<ulong[]> InputAsync(SessionAssignment assignment) =>
        assignment.TaskPayload.Length == 0
            ? await _simulated.InputAsync(assignment)
            : await (await _training.Value).InputAsync(assignment);
}
