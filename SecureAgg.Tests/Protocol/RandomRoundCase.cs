using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Protocol;

/// <summary>A randomly drawn aggregation: parameters, graph and a dropout round for some clients.</summary>
public sealed record RandomRoundCase(ProtocolParameters Parameters, DropoutPlan Dropouts, int Seed)
{
    private static readonly ProtocolRound[] Rounds = Enum.GetValues<ProtocolRound>();

    public static RandomRoundCase Draw(Random random, int caseSeed, int maxClients = 60, int maxLength = 2000)
    {
        // Log-uniform n keeps most cases small and fast while still reaching maxClients.
        var n = (int)Math.Round(Math.Exp(random.NextDouble() * Math.Log(maxClients - 1))) + 1;
        n = Math.Clamp(n, 2, maxClients);
        var mode = random.Next(2) == 0 ? SecurityMode.SemiHonest : SecurityMode.Active;
        int? k = null;
        if (n >= 6 && random.Next(2) == 0)
        {
            k = 2 * random.Next(1, (n - 2) / 2 + 1);
            if (k >= n - 1)
                k = null;
        }
        var size = k is null ? n : k.Value + 1;
        var threshold = random.Next(size / 2 + 1, size + 1);
        threshold = Math.Max(threshold, 2);
        var bits = random.Next(3) switch { 0 => random.Next(8, 63), 1 => 32, _ => random.Next(8, 33) };
        var m = random.Next(4) == 0 ? random.Next(1, 8) : random.Next(1, maxLength + 1);
        var parameters = new ProtocolParameters(n, threshold, bits, m, mode, k);

        var dropRate = random.NextDouble() * 0.25;
        var stops = new Dictionary<int, ProtocolRound>();
        for (var id = 1; id <= n; id++)
        {
            if (random.NextDouble() < dropRate)
                stops[id] = Rounds[random.Next(Rounds.Length)];
        }
        return new RandomRoundCase(parameters, new DropoutPlan(stops), caseSeed);
    }

    public override string ToString() =>
        $"seed={Seed} n={Parameters.ClientCount} t={Parameters.Threshold} b={Parameters.Bits} m={Parameters.VectorLength} " +
        $"mode={Parameters.Mode} k={Parameters.Neighbours?.ToString() ?? "all"} drops=[{string.Join(",", Dropouts.StopsAt.Select(p => $"{p.Key}@{p.Value}"))}]";
}
