using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// The chance that a cell's session completes if clients drop only as drawn (each independently with p at each round
/// it hits, r rounds). SecAgg: exactly P[Bin(n, (1−p)^r) ≥ t], since survivors only shrink and each round needs t.
/// SecAgg+: the per-neighbourhood condition (<see cref="SurvivalCondition"/>) has no closed form, so it is estimated
/// by Monte Carlo over the cell's graph drawing dropouts as the runs do (<see cref="DropoutSchedule.Draw"/>) under seeds of its own.
/// </summary>
public sealed record CompletionTheory(double Probability, string Method)
{
    public const int MonteCarloDraws = 2000;
    public const string BinomialMethod = "binomial tail";

    public static CompletionTheory For(ExperimentCell cell, ProtocolParameters p, int gridSeed, int draws = MonteCarloDraws)
    {
        if (p.IsComplete)
            return new CompletionTheory(BinomialCurve(p.ClientCount, p.Threshold, DropoutRounds.Hit(cell.DropoutRound, cell.Mode).Count, cell.Dropout),
                BinomialMethod);
        // Repetition −1 is never run: the estimate has draws of its own.
        var seed = cell.Seed(gridSeed, -1);
        var graph = NeighbourGraph.For(p, ReproducibleRandom.Seed(seed, "theory graph"));
        var schedule = cell.Schedule();
        var completed = 0;
        for (var draw = 1; draw <= draws; draw++)
        {
            if (SurvivalCondition.Completes(p, graph, schedule.Draw(p.ClientCount, seed, draw)))
                completed++;
        }
        return new CompletionTheory((double)completed / draws, $"Monte Carlo, {draws} draws");
    }

    /// <summary>P[Bin(n, (1−p)^r) ≥ t]: SecAgg's completion chance when p hits r rounds.</summary>
    public static double BinomialCurve(int n, int t, int rounds, double p) => BinomialTail.AtLeast(n, Math.Pow(1 - p, rounds), t);
}
