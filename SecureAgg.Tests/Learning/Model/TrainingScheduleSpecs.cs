using SecureAgg.Learning.Model;
using SecureAgg.Learning.Training;

namespace SecureAgg.Tests.Learning.Model;

/// <summary>The cosine learning-rate schedule and input-noise augmentation of local training.</summary>
public sealed class TrainingScheduleSpecs
{
    private static readonly (GaussianBlobs Train, GaussianBlobs Test) Data =
        GaussianBlobs.Draw(seed: 3, samplesPerClass: 100, classes: 3, dimensions: 4, spread: 4, noise: 1).Split(0.7, seed: 4);

    private static readonly MlpShape Shape = new(4, [16], 3);

    [Fact]
    public void The_cosine_schedule_starts_at_the_full_rate_falls_every_round_and_stays_positive()
    {
        var settings = new TrainingSettings(Rounds: 10, LearningRate: 0.01, Schedule: LearningRateSchedule.Cosine);
        var rates = Enumerable.Range(1, 10).Select(settings.LearningRateAt).ToArray();
        Assert.Equal(0.01, rates[0], 15);
        Assert.Equal(0.005, rates[5], 15); // half way: cos(π/2) = 0
        Assert.All(rates.Zip(rates.Skip(1)), pair => Assert.True(pair.Item2 < pair.Item1));
        Assert.True(rates[^1] > 0);
        Assert.All(Enumerable.Range(1, 10), r => Assert.Equal(0.01, (settings with { Schedule = LearningRateSchedule.Constant }).LearningRateAt(r)));
    }

    [Fact]
    public void Input_noise_changes_the_trained_model_reproducibly_and_zero_noise_is_plain_training()
    {
        TrainingResult Train(double noise, int seed = 5) => new LocalTrainer(new TrainingOptions(2, 10, seed, noise))
            .Train(MlpModel.Create(Shape, 3), Data.Train.Features, Data.Train.Labels, new AdamOptimizer());

        Assert.Equal(Train(0).Model.ToVector(), new LocalTrainer(new TrainingOptions(2, 10, 5))
            .Train(MlpModel.Create(Shape, 3), Data.Train.Features, Data.Train.Labels, new AdamOptimizer()).Model.ToVector());
        Assert.NotEqual(Train(0).Model.ToVector(), Train(0.3).Model.ToVector());
        Assert.Equal(Train(0.3).Model.ToVector(), Train(0.3).Model.ToVector());
        Assert.NotEqual(Train(0.3).Model.ToVector(), Train(0.3, seed: 6).Model.ToVector());
    }

    [Fact]
    public void Negative_noise_or_weight_decay_is_refused_with_the_flag_named()
    {
        Assert.Contains("--input-noise", Assert.Throws<ArgumentException>(() => new TrainingSettings(InputNoise: -0.1).Validate()).Message);
        Assert.Contains("--weight-decay", Assert.Throws<ArgumentException>(() => new TrainingSettings(WeightDecay: -1).Validate()).Message);
        Assert.Throws<ArgumentException>(() => new TrainingOptions(1, 1, 1, double.NaN).Validate());
        Assert.Throws<ArgumentException>(() => new AdamOptimizer { LearningRate = 0 });
    }
}
