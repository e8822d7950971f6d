using SecureAgg.Host.Experiment;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Experiment;

/// <summary>The numbers of cells.csv: the Wilson interval, the theory's binomial tail, and |U3| over completed runs only.</summary>
public sealed class ExperimentStatisticsSpecs
{
    // Wilson score intervals at 95% (z = 1.959964), as R's binom.confint(x, n, method = "wilson") gives them.
    [Theory]
    [InlineData(8, 10, 0.49016247, 0.94331785)]
    [InlineData(0, 10, 0.0, 0.27753280)]
    [InlineData(10, 10, 0.72246720, 1.0)]
    [InlineData(1, 2, 0.09453121, 0.90546879)]
    [InlineData(50, 100, 0.40383153, 0.59616847)]
    public void The_Wilson_interval_matches_the_published_values(int successes, int trials, double low, double high)
    {
        var interval = WilsonInterval.Of(successes, trials);

        Assert.Equal(low, interval.Low, 6);
        Assert.Equal(high, interval.High, 6);
    }

    [Fact]
    public void The_binomial_tail_matches_a_hand_computed_case()
    {
        // P[Bin(4, 0.9) ≥ 3] = 4 · 0.9³ · 0.1 + 0.9⁴ = 0.2916 + 0.6561.
        Assert.Equal(0.9477, BinomialTail.AtLeast(4, 0.9, 3), 12);
        // P[Bin(3, 0.5) ≥ 2] = (3 + 1) / 8.
        Assert.Equal(0.5, BinomialTail.AtLeast(3, 0.5, 2), 12);
        Assert.Equal(1, BinomialTail.AtLeast(10, 0.3, 0));
        Assert.Equal(0, BinomialTail.AtLeast(10, 0.99, 11));
        // Large n stays finite: n = 1000, mean 700, t = 667 is 2.3 standard deviations below.
        Assert.InRange(BinomialTail.AtLeast(1000, 0.7, 667), 0.98, 0.995);
    }

    [Fact]
    public void SecAgg_theory_is_the_binomial_tail_of_the_survival_chance_over_the_rounds_hit()
    {
        var mask = new ExperimentCell("secagg", null, SecurityMode.SemiHonest, 100, 10, 32, null, 0.3, "mask");
        var all = mask with { DropoutRound = "all" };

        Assert.Equal(BinomialTail.AtLeast(100, 0.7, 67), CompletionTheory.For(mask, mask.Parameters(), 1).Probability, 12);
        Assert.Equal(BinomialTail.AtLeast(100, Math.Pow(0.7, 4), 67), CompletionTheory.For(all, all.Parameters(), 1).Probability, 12);
    }

    [Fact]
    public void The_survival_condition_on_the_complete_graph_agrees_with_the_binomial_tail()
    {
        // The Monte Carlo's condition, fed plans for a complete graph, must reproduce the closed form within its error.
        var cell = new ExperimentCell("secagg", null, SecurityMode.SemiHonest, 30, 10, 32, null, 0.25, "share");
        var p = cell.Parameters();
        var graph = NeighbourGraph.Complete(30);
        var completed = Enumerable.Range(1, 4000).Count(draw => SurvivalCondition.Completes(p, graph, cell.Schedule().Draw(30, 5, draw)));

        var exact = BinomialTail.AtLeast(30, 0.75, p.Threshold);
        Assert.InRange(completed / 4000.0, exact - 0.03, exact + 0.03);
    }

    [Fact]
    public void SecAgg_plus_needs_every_neighbourhood_to_keep_t_survivors()
    {
        var p = ProtocolParameters.WithDefaults(20, 10, neighbours: 4, threshold: 3);
        var graph = NeighbourGraph.Harary(20, 4, ReproducibleRandom.Seed(1, "graph"));
        var victim = 7;
        // Drop all of client 7's neighbours but one at the mask round: 7 (a survivor) keeps 2 of 5, below t = 3.
        var neighbours = graph.ClosedNeighbourhood(victim).Where(v => v != victim).Take(3).ToArray();
        var plan = new DropoutPlan(neighbours.ToDictionary(v => v, _ => ProtocolRound.MaskedInputCollection));

        Assert.False(SurvivalCondition.Completes(p, graph, plan));
        Assert.True(SurvivalCondition.Completes(p, graph, new DropoutPlan(neighbours.Take(1).ToDictionary(v => v, _ => ProtocolRound.MaskedInputCollection))));
    }

    private static RunOutcome Run(bool completed, int u3) =>
        new(1, completed, completed, completed ? null : "below t", completed ? [100, 100, u3, u3, u3] : [100, 100, u3], 100 - u3, false,
            new Dictionary<string, double> { ["mask"] = 10 }, 1000, 2000, 50);

    [Fact]
    public void U3_is_averaged_over_the_completed_runs_only()
    {
        var stats = CellStatistics.Of([Run(true, 90), Run(false, 60), Run(true, 94)]);

        Assert.Equal(2, stats.Completed);
        Assert.Equal(2 / 3.0, stats.CompletionRate, 12);
        Assert.Equal(92, stats.U3Mean);
        Assert.Equal(Math.Sqrt(8), stats.U3StandardDeviation!.Value, 12);
    }

    [Fact]
    public void A_cell_that_never_completed_has_no_U3_and_one_completed_run_has_no_spread()
    {
        Assert.Null(CellStatistics.Of([Run(false, 60), Run(false, 61)]).U3Mean);
        var one = CellStatistics.Of([Run(true, 80), Run(false, 60)]);
        Assert.Equal(80, one.U3Mean);
        Assert.Null(one.U3StandardDeviation);
    }
}
