using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The simulation's seeded input vectors (<see cref="ActorSimulation.ClientInput"/>, one per session and client id):
/// the server knows them too, so it checks every aggregate against the plaintext sum of U3.
/// </summary>
public sealed class SimulatedInputTask(int vectorLength, int bits) : IServerSessionTask
{
    public string Description => $"simulated inputs, m = {vectorLength}, b = {bits}";

    public int? MaxClients => null;

    public bool IsDone => false;

    public (int VectorLength, int Bits) Shape(int clientCount) => (vectorLength, bits);

    public byte[] Payload() => [];

    public SessionTaskOutcome Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors)
    {
        var p = opened.Parameters;
        var verified = survivors.Count > 2 && aggregate.AsSpan().SequenceEqual(
            PlaintextSum.Of(p, survivors[2], id => SimulatedInput.Of(p, opened.InputSeed, opened.Index, id)));
        return new SessionTaskOutcome(verified, verified ? "aggregate verified" : "aggregate WRONG");
    }

    public void Skipped(ClusterSessionOpened opened, string reason)
    {
    }

    public byte[] State() => [];

    public void Restore(byte[] state)
    {
    }
}
