using SecureAgg.Learning.Model;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Learning.Model;

public sealed class TrainingSpecs(ITestOutputHelper output)
{
    private static readonly (GaussianBlobs Train, GaussianBlobs Test) Data =
        GaussianBlobs.Draw(seed: 3, samplesPerClass: 200, classes: 3, dimensions: 4, spread: 4, noise: 1).Split(0.7, seed: 4);

    private static readonly MlpShape Shape = new(4, [16, 8], 3);

    [Fact]
    public void Training_on_three_gaussian_blobs_beats_ninety_percent_held_out_accuracy()
    {
        var trainer = new LocalTrainer(new TrainingOptions(Epochs: 20, BatchSize: 16, ShuffleSeed: 9));
        var start = MlpModel.Create(Shape, seed: 1, weightDecay: 1e-4);
        var before = start.ToVector();
        var result = trainer.Train(start, Data.Train.Features, Data.Train.Labels, new SgdOptimizer(0.05, momentum: 0.9));

        var report = Metrics.Evaluate(Data.Test.Labels, result.Model.Predict(Data.Test.Features), 3);
        var trainAccuracy = Metrics.Accuracy(Data.Train.Labels, result.Model.Predict(Data.Train.Features));
        output.WriteLine($"training accuracy {trainAccuracy:P1}, held-out accuracy {report.Accuracy:P1}, macro F1 {report.MacroF1:F3}, final training loss {result.MeanLoss:F4}");
        Assert.True(report.Accuracy > 0.9, $"accuracy {report.Accuracy:P1}");
        Assert.Equal(before, start.ToVector()); // the input model is left alone
        Assert.Equal(20, result.EpochLosses.Count);
        Assert.Equal(result.EpochLosses[^1], result.MeanLoss);
    }

    public static TheoryData<string> Optimizers => new() { "sgd", "adam" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Each_optimiser_decreases_the_training_loss(string name)
    {
        IOptimizer optimizer = name == "sgd" ? new SgdOptimizer(0.05, momentum: 0.5) : new AdamOptimizer(0.01);
        var model = MlpModel.Create(Shape, seed: 2);
        var lossBefore = model.Loss(Data.Train.Features, Data.Train.Labels);

        var result = new LocalTrainer(new TrainingOptions(5, 32, ShuffleSeed: 1))
            .Train(model, Data.Train.Features, Data.Train.Labels, optimizer);
        var lossAfter = result.Model.Loss(Data.Train.Features, Data.Train.Labels);

        output.WriteLine($"{name}: loss {lossBefore:F4} → {lossAfter:F4}; per epoch {string.Join(", ", result.EpochLosses.Select(l => l.ToString("F4")))}");
        Assert.True(lossAfter < 0.5 * lossBefore, $"{name}: {lossBefore} → {lossAfter}");
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0]);
    }

    [Fact]
    public void Same_seeds_give_the_same_trained_model()
    {
        var trainer = new LocalTrainer(new TrainingOptions(2, 10, ShuffleSeed: 5));
        var a = trainer.Train(MlpModel.Create(Shape, 3), Data.Train.Features, Data.Train.Labels, new AdamOptimizer());
        var b = trainer.Train(MlpModel.Create(Shape, 3), Data.Train.Features, Data.Train.Labels, new AdamOptimizer());
        Assert.Equal(a.Model.ToVector(), b.Model.ToVector());
        var c = new LocalTrainer(new TrainingOptions(2, 10, ShuffleSeed: 6))
            .Train(MlpModel.Create(Shape, 3), Data.Train.Features, Data.Train.Labels, new AdamOptimizer());
        Assert.NotEqual(a.Model.ToVector(), c.Model.ToVector());
    }

    [Fact]
    public void Sgd_and_adam_single_steps_match_hand_computed_values()
    {
        double[] theta = [1.0, -2.0];
        new SgdOptimizer(0.1).Step(theta, [0.5, -1.0]);
        Assert.Equal([0.95, -1.9], theta, (x, y) => Math.Abs(x - y) < 1e-15);

        // Momentum: v1 = g1, v2 = 0.9·g1 + g2.
        var sgd = new SgdOptimizer(0.1, momentum: 0.9);
        theta = [0.0];
        sgd.Step(theta, [1.0]);
        sgd.Step(theta, [1.0]);
        Assert.Equal(-0.1 - 0.19, theta[0], 15);

        // Adam's first step: m̂ = g, v̂ = g², so θ moves by η·g/(|g| + ε) ≈ η·sign(g).
        var adam = new AdamOptimizer(0.01, epsilon: 1e-8);
        theta = [1.0, 1.0];
        adam.Step(theta, [4.0, -0.25]);
        Assert.Equal(1 - 0.01 * 4 / (4 + 1e-8), theta[0], 15);
        Assert.Equal(1 + 0.01 * 0.25 / (0.25 + 1e-8), theta[1], 15);
        Assert.Throws<ArgumentException>(() => adam.Step(new double[3], new double[3]));
    }
}
