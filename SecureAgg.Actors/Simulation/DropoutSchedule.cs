using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Simulation;

/// <summary>How clients drop out at one round: each independently with a probability, plus an explicit list.</summary>
public sealed record RoundDropout(double Probability, IReadOnlyList<int> Clients)
{
    public static readonly RoundDropout None = new(0, []);
}

/// <summary>
/// Dropout injection for simulations, per round (the HOCON <c>secagg.simulation.dropout</c> block or
/// <c>--dropout P --dropout-round ROUND</c>). Each aggregation draws afresh which clients fall silent, reproducibly
/// from the seed and the aggregation's number; a client drops at the first round that picks it.
/// </summary>
public sealed record DropoutSchedule(IReadOnlyDictionary<ProtocolRound, RoundDropout> Rounds)
{
    public static readonly DropoutSchedule None = new(new Dictionary<ProtocolRound, RoundDropout>());

    public static DropoutSchedule At(ProtocolRound round, double probability) =>
        new(new Dictionary<ProtocolRound, RoundDropout> { [round] = new(probability, []) });

    public DropoutSchedule Validate(int clientCount)
    {
        foreach (var (round, dropout) in Rounds)
        {
            if (dropout.Probability is < 0 or > 1 || double.IsNaN(dropout.Probability))
                throw new ArgumentException($"Dropout probability at {round} must be between 0 and 1, got {dropout.Probability}.");
            foreach (var client in dropout.Clients)
            {
                if (client < 1 || client > clientCount)
                    throw new ArgumentException($"Dropout list at {round} names client {client}; client ids run from 1 to {clientCount}.");
            }
        }
        return this;
    }

    /// <summary>
    /// The chance that a client drops somewhere in the session (at most 1): what a SecAgg+ degree must tolerate. Named
    /// clients count as certain dropouts.
    /// </summary>
    public double DropoutRate(int clientCount) =>
        Math.Min(1, 1 - Rounds.Values.Aggregate(1.0, (stay, round) => stay * (1 - round.Probability))
                    + (double)Rounds.Values.SelectMany(round => round.Clients).Distinct().Count() / Math.Max(1, clientCount));

    public DropoutPlan Draw(int clientCount, int seed, int aggregation)
    {
        var stops = new Dictionary<int, ProtocolRound>();
        foreach (var round in Enum.GetValues<ProtocolRound>())
        {
            if (!Rounds.TryGetValue(round, out var dropout))
                continue;
            var draws = ReproducibleRandom.Uniform(clientCount, seed, $"dropout {aggregation} {round}");
            for (var client = 1; client <= clientCount; client++)
            {
                if (!stops.ContainsKey(client) && (draws[client - 1] < dropout.Probability || dropout.Clients.Contains(client)))
                    stops[client] = round;
            }
        }
        return new DropoutPlan(stops);
    }

    public override string ToString() => Rounds.Count == 0
        ? "none"
        : string.Join(", ", Rounds.Select(r => $"{r.Key}: p={r.Value.Probability}" + (r.Value.Clients.Count > 0 ? $" + [{string.Join(' ', r.Value.Clients)}]" : "")));
}
