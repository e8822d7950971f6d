using SecureAgg.Actors.Cluster;

namespace SecureAgg.Learning.Training;

/// <summary>
/// A client node's inputs: simulated vectors when the server's sessions carry no payload, local training when they
/// carry a training payload. The node loads its data only when the first training session arrives (and once for
/// all its clients), so a node started without data still serves simulated sessions.
/// </summary>
public sealed class ClusterClientTask(Func<ActivityData> loadData) : IClientSessionTask
{
    private readonly SimulatedInputClient _simulated = new();
    private readonly Lazy<ClusterTrainingClient> _training = new(() => new ClusterTrainingClient(loadData()), LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<ulong[]> InputAsync(SessionAssignment assignment) =>
        assignment.TaskPayload.Length == 0
            ? _simulated.InputAsync(assignment)
            : Task.Run(() => _training.Value.InputAsync(assignment));
}
