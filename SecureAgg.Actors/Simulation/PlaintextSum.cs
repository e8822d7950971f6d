using SecureAgg.Protocol;

namespace SecureAgg.Simulation;

/// <summary>What a simulation checks the aggregate against: Σ x_u mod R over the given clients, in the clear.</summary>
public static class PlaintextSum
{
    public static ulong[] Of(ProtocolParameters parameters, IEnumerable<int> clients, Func<int, ulong[]> inputOf)
    {
        var sum = ModularAccumulator.Create(parameters.Bits, parameters.VectorLength);
        var gate = new Lock();
        Parallel.ForEach(clients, () => ModularAccumulator.Create(parameters.Bits, parameters.VectorLength),
            (client, _, local) =>
            {
                local.Add(inputOf(client));
                return local;
            },
            local =>
            {
                lock (gate)
                    sum.AddFrom(local);
            });
        return sum.ToVector();
    }
}
