using ScottPlot.Plottables;
using SecureAgg.Host.Train;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Training;

namespace SecureAgg.Tests.Host;

/// <summary>
/// train's accuracy.png: from round 1 (no round 0, no margin before it), each series named with what it is and its
/// final test accuracy; a single run's title names its mode and says what --compare adds.
/// </summary>
public sealed class AccuracyPlotSpecs
{
    private static TrainingRun Run(TrainingMode mode, double final, int rounds = 40) =>
        new(new TrainingSettings(mode, Rounds: rounds),
            [.. Enumerable.Range(1, rounds).Select(r => new TrainingRoundMetrics(r, 1.0 / r, final - 0.3 / r, final, 21, 21, 0, false, null, 100, 2000))],
            MlpModel.Create(new MlpShape(3, [2], 6), seed: 1), new ClassificationReport(final, final, new int[6, 6]), TimeSpan.Zero);

    [Fact]
    public void The_compared_runs_are_named_with_what_each_is_and_its_final_test_accuracy()
    {
        var plot = TrainOutput.AccuracyPlot([Run(TrainingMode.Central, 0.9539), Run(TrainingMode.FedAvg, 0.9379), Run(TrainingMode.Secure, 0.9372)]);

        Assert.Equal(
        [
            "central training on pooled data (ceiling), per epoch: final test accuracy 0.954",
            "plaintext FedAvg, same settings: final test accuracy 0.938",
            "secure FedAvg (secure aggregation every round): final test accuracy 0.937",
        ], plot.GetPlottables().OfType<Scatter>().Select(s => s.LegendText));
        Assert.Equal("Test accuracy per round: secure FedAvg beside plaintext FedAvg and central training", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void The_round_axis_starts_at_round_1_and_its_ticks_name_round_1()
    {
        var plot = TrainOutput.AccuracyPlot([Run(TrainingMode.Secure, 0.9)]);

        // Drawn as accuracy.png is: the ticks are made and the limits kept at the render.
        using (plot.GetImage(900, 560))
        {
        }
        var limits = plot.Axes.GetLimits();
        Assert.Equal((1.0, 40.0), (limits.Left, limits.Right));
        Assert.Equal([1.0, 5, 10, 15, 20, 25, 30, 35, 40], plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Position));
    }

    [Theory]
    [InlineData(TrainingMode.Secure, "secure FedAvg (secure aggregation every round) only\n(secagg train --compare adds the plaintext FedAvg and central baselines)",
        "secure FedAvg (secure aggregation every round): final test accuracy 0.937")]
    [InlineData(TrainingMode.FedAvg, "plaintext FedAvg (summed in the clear) only\n(secagg train --compare shows it beside secure FedAvg and the other baseline)",
        "plaintext FedAvg (summed in the clear): final test accuracy 0.937")]
    public void A_single_run_says_its_mode_and_what_compare_adds(TrainingMode mode, string title, string legend)
    {
        var plot = TrainOutput.AccuracyPlot([Run(mode, 0.9372, rounds: 1)]);

        Assert.Equal("Test accuracy per round: " + title, plot.Axes.Title.Label.Text);
        Assert.Equal(legend, plot.GetPlottables().OfType<Scatter>().Single().LegendText);
        Assert.Equal((1.0, 2.0), (plot.Axes.GetLimits().Left, plot.Axes.GetLimits().Right));
    }
}
