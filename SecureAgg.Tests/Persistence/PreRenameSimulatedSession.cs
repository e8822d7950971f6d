using SecureAgg.Actors;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// One aggregation of a pre-rename simulation fixture, as the old run recorded it: its session id, the seed and
/// aggregation number its inputs and graph seed came from, and the plaintext sum of its U3 as the old code computed
/// it (README.md beside the fixtures says how). Every simulation fixture has n = 5, t = 4, m = 8, b = 16.
/// </summary>
public sealed record PreRenameSimulatedSession(string Id, int Seed, int Round, int[] U3, ulong[] OldSum)
{
    public static readonly ProtocolParameters Parameters = ProtocolParameters.WithDefaults(5, 8, bits: 16);

    public SessionId Session => new(Guid.ParseExact(Id, "N"));

    /// <summary>
    /// The settings the old AggregationCoordinator gave the session actor; the deadline is this run's choice. The old
    /// records have no seal: they replay only when <paramref name="acceptUnsealed"/>.
    /// </summary>
    public ServerSessionSettings Settings(TimeSpan roundTimeout, bool acceptUnsealed = true) =>
        new(Parameters, Session, ReproducibleRandom.Seed(Seed + Round, $"graph {Session}"), roundTimeout)
        {
            Integrity = new JournalIntegrity(JournalKey.Ephemeral(), acceptUnsealed),
        };

    /// <summary>Σ x_u mod 2^16 over <paramref name="clients"/>, recomputed here from the seed with the new assemblies.</summary>
    public ulong[] SumOf(IEnumerable<int> clients) =>
        PlaintextSum.Of(Parameters, clients, id => SimulatedInput.Of(Parameters, Seed, Round, id));
}
