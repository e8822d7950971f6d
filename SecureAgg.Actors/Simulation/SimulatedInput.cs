using SecureAgg.Protocol;

namespace SecureAgg.Simulation;

/// <summary>Client u's input in aggregation r of a simulation: uniform words mod R, reproducible from the seed.</summary>
public static class SimulatedInput
{
    public static ulong[] Of(ProtocolParameters parameters, int seed, int round, int client) =>
        ReproducibleRandom.Vector(parameters.VectorLength, parameters.Bits, seed, $"simulation input {round} {client}");
}
