using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Simulation;

/// <summary>
/// Which clients vanish, and at which round: a client listed with round r sends nothing from round r on (for
/// AdvertiseKeys it never joins). ConsistencyCheck in semi-honest mode means "after the masked input", as Unmasking.
/// </summary>
public sealed record DropoutPlan(IReadOnlyDictionary<int, ProtocolRound> StopsAt)
{
    public static readonly DropoutPlan None = new(new Dictionary<int, ProtocolRound>());

    public bool Answers(int client, ProtocolRound round) => !StopsAt.TryGetValue(client, out var stop) || round < stop;

    /// <summary>round(fraction · n) clients, chosen reproducibly from the seed, vanish at <paramref name="round"/>.</summary>
    public static DropoutPlan Random(int clientCount, double fraction, ProtocolRound round, int seed)
    {
        if (fraction is < 0 or > 1)
            throw new ArgumentException($"The dropout fraction must be between 0 and 1, got {fraction}.", nameof(fraction));
        var dropped = (int)Math.Round(fraction * clientCount, MidpointRounding.AwayFromZero);
        var order = ReproducibleRandom.Permutation(clientCount, seed, "dropouts");
        return new DropoutPlan(order.Take(dropped).ToDictionary(c => c, _ => round));
    }
}
