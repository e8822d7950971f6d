using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Actors;

/// <summary>Where an aggregation's client inputs come from: data in the request, never a callback into the caller.</summary>
public abstract record ClientInputs
{
    /// <summary>Client <paramref name="client"/>'s input vector (ids 1..n).</summary>
    public abstract ulong[] For(ProtocolParameters parameters, int client);
}

/// <summary>Reproducible simulated inputs (<see cref="SimulatedInput"/>) of one aggregation of a simulation.</summary>
public sealed record SimulatedClientInputs(int Seed, int Round) : ClientInputs
{
    public override ulong[] For(ProtocolParameters parameters, int client) => SimulatedInput.Of(parameters, Seed, Round, client);
}

/// <summary>Inputs computed by the caller (e.g. quantised model updates), client id u at index u − 1.</summary>
public sealed record ProvidedClientInputs(IReadOnlyList<ulong[]> Vectors) : ClientInputs
{
    public override ulong[] For(ProtocolParameters parameters, int client) => Vectors[client - 1];
}
