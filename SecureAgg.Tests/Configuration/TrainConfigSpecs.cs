using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Train;
using SecureAgg.Learning.Training;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Tests.Configuration;

/// <summary>train binds its secagg.train block and its flags like every other command.</summary>
public sealed class TrainConfigSpecs
{
    private static Config Hocon(string text) => ConfigurationFactory.ParseString(text);

    private static string Shipped(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon", name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(name);
    }

    [Fact]
    public void The_built_in_block_is_the_training_defaults()
    {
        var run = TrainConfig.Of(new TrainOptions());
        var defaults = new TrainingSettings();
        Assert.Equal(defaults with { Hidden = run.Training.Hidden, RoundTimeout = run.Training.RoundTimeout }, run.Training);
        Assert.Equal(defaults.HiddenLayers, run.Training.HiddenLayers);
        Assert.Equal(defaults.Timeout, run.Training.Timeout);
        Assert.Equal(new DataPreparation(), run.Preparation);
        Assert.Null(run.Data);
        Assert.Null(run.Journal);
        Assert.False(run.Compare);
    }

    [Fact]
    public void Every_flag_is_also_a_key_of_the_block()
    {
        var run = TrainConfig.Of(TrainConfig.Load(Hocon("""
            secagg.train {
              rounds = 12, hidden = "256,128", aggregation = plaintext, server-optimizer = fedadam, partition = iid
              standardize = per-client, security = active, protocol = "secagg+", neighbours = 8, compare = on, optimizer = sgd
            }
            """)));
        Assert.Equal(12, run.Training.Rounds);
        Assert.Equal(new[] { 256, 128 }, run.Training.HiddenLayers);
        Assert.Equal(TrainingMode.FedAvg, run.Training.Mode);
        Assert.Equal(ServerOptimizerKind.FedAdam, run.Training.ServerOptimizer);
        Assert.Equal(0.01, run.Training.ServerLearningRate);
        Assert.True(run.Preparation.IidPartition);
        Assert.Equal(StandardizationMode.PerClient, run.Preparation.Standardization);
        Assert.Equal(SecureAgg.Protocol.SecurityMode.Active, run.Training.SecurityMode);
        Assert.True(run.Training.SparseGraph);
        Assert.Equal(8, run.Training.Neighbours);
        Assert.True(run.Compare);
        Assert.Equal(LocalOptimizerKind.Sgd, run.Training.LocalOptimizer);
    }

    [Fact]
    public void The_shipped_train_dropout_file_gives_its_schedule_and_deadline()
    {
        var run = TrainConfig.Of(TrainConfig.Load(HoconFile.Load(Shipped("train-dropout.hocon"))));
        Assert.Equal(TimeSpan.FromSeconds(3), run.Training.Timeout);
        Assert.Equal(0.1, run.Training.DropoutSchedule.Rounds[ProtocolRound.MaskedInputCollection].Probability);
        Assert.Equal(new[] { 5 }, run.Training.DropoutSchedule.Rounds[ProtocolRound.Unmasking].Clients);
        run.Training.Validate();
    }

    [Fact]
    public void A_file_with_the_old_simulation_block_is_refused_with_where_its_keys_went()
    {
        var path = Path.Combine(Path.GetTempPath(), $"secagg-train-{Guid.NewGuid():N}.hocon");
        File.WriteAllText(path, "secagg.simulation.dropout.mask.probability = 0.1");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => HoconFile.Load(path, TrainOptions.Block, TrainConfig.MovedBlockHint));
            Assert.Equal($"Config file '{path}' has no secagg.train block (train reads secagg.train: move round-timeout and dropout from secagg.simulation into secagg.train).",
                error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("secagg.train.server-lr = 0")]
    [InlineData("secagg.train.server-lr = -0.5")]
    [InlineData("secagg.train.neighbours = -2")]
    public void A_zero_or_negative_value_is_refused_not_read_as_the_default(string hocon) =>
        Assert.Throws<ArgumentException>(() => TrainConfig.Of(TrainConfig.Load(Hocon(hocon))).Training.Validate());

    [Theory]
    [InlineData("secagg.train.aggregation = fedavg", "secagg.train.aggregation must be one of secure, plaintext, central, got 'fedavg'.")]
    [InlineData("secagg.train.round-timeout = 0s", "secagg.train.round-timeout must be positive, e.g. 2s, got 0s.")]
    [InlineData("secagg.train.epochs = 3", "Unknown key secagg.train.epochs;")]
    [InlineData("secagg.train.hidden = \"128,x\"", "--hidden takes layer sizes separated by commas")]
    [InlineData("secagg.train.rounds = 0", "secagg.train.rounds must be at least 1, got 0.")]
    [InlineData("secagg.train.lr = 0", "secagg.train.lr must be positive, got 0.")]
    [InlineData("secagg.train.clip = -0.5", "secagg.train.clip must be positive, got -0.5.")]
    [InlineData("secagg.train.quantization-bits = 2", "secagg.train.quantization-bits must be between 4 and 32, got 2.")]
    [InlineData("secagg.train.clients-per-subject = 0", "secagg.train.clients-per-subject must be between 1 and 10000, got 0.")]
    [InlineData("secagg.train.batch-size = 0", "secagg.train.batch-size must be at least 1, got 0.")]
    public void Bad_values_in_the_block_are_one_line_naming_the_key(string hocon, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => TrainConfig.Of(TrainConfig.Load(Hocon(hocon))));
        Assert.StartsWith(message, error.Message);
    }
}
