using SecureAgg.Simulation;

namespace SecureAgg.Actors.Cluster;

/// <summary>The client side of <see cref="SimulatedInputTask"/>.</summary>
public sealed class SimulatedInputClient : IClientSessionTask
{
    public Task<ulong[]> InputAsync(SessionAssignment assignment) =>
        Task.FromResult(SimulatedInput.Of(assignment.Parameters, assignment.InputSeed, assignment.Index, assignment.ClientId));
}
