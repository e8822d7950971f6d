using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Experiment;
using SecureAgg.Host.Train;
using SecureAgg.Learning.Training;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Experiment;

/// <summary>The <c>secagg.train-experiment</c> block: what a training grid binds to, the cells it makes, the settings of each run, and the one line a bad grid gets.</summary>
public sealed class TrainExperimentGridSpecs
{
    private static TrainExperimentGrid Grid(string axes, string train = "", string settings = "") =>
        TrainExperimentGrid.Load(ConfigurationFactory.ParseString($"secagg.train-experiment {{\n{settings}\ntrain {{\n{train}\n}}\naxes {{\n{axes}\n}}\n}}"));

    [Fact]
    public void The_cells_are_the_cross_product_of_aggregation_dropout_round_and_dropout()
    {
        var grid = Grid("aggregation = [secure, plaintext]\ndropout = [0, 0.1, 0.3]\ndropout-round = [mask, share]");

        Assert.Equal(2 * 2 * 3, grid.Cells.Count);
        Assert.Equal(grid.Cells.Count, grid.Cells.Select(c => c.Key).Distinct().Count());
        var expected = from a in new[] { "secure", "plaintext" } from r in new[] { "mask", "share" } from p in new[] { 0, 0.1, 0.3 } select (a, p, r);
        Assert.Equal(expected, grid.Cells.Select(c => (c.Aggregation, c.Dropout, c.DropoutRound)));
        Assert.True(grid.HasSecureCells);
    }

    [Fact]
    public void Left_out_axes_take_their_defaults_and_the_train_block_binds_the_keys_of_secagg_train()
    {
        var grid = Grid("", "rounds = 7\nhidden = \"32,16\"\nlocal-epochs = 1\nlr = 0.01\nserver-optimizer = fedadam\nround-timeout = 750ms",
            "repetitions = 4\nseed = 9\nout = \"x\"\njournal = \"sqlite:j.db\"");

        var cell = Assert.Single(grid.Cells);
        Assert.Equal(("secure", 0.0, "mask"), (cell.Aggregation, cell.Dropout, cell.DropoutRound));
        Assert.Equal((4, 9, "x", "sqlite:j.db"), (grid.Repetitions, grid.Seed, grid.Out, grid.Journal));
        var t = grid.Training;
        Assert.Equal((7, 1, 0.01, ServerOptimizerKind.FedAdam, 0.01, TimeSpan.FromMilliseconds(750)),
            (t.Rounds, t.LocalEpochs, t.LearningRate, t.ServerOptimizer, t.ServerLearningRate, t.Timeout));
        Assert.Equal([32, 16], t.HiddenLayers);
        Assert.Equal(TrainConfig.Of(new TrainOptions()).Training with { Rounds = 7, Hidden = t.Hidden, LocalEpochs = 1, LearningRate = 0.01,
            ServerOptimizer = ServerOptimizerKind.FedAdam, ServerLearningRate = 0.01, RoundTimeout = TimeSpan.FromMilliseconds(750), Seed = 9 }, t);
    }

    [Fact]
    public void Each_run_trains_with_the_cells_aggregation_and_dropout_and_repetition_r_with_seed_plus_r()
    {
        var grid = Grid("aggregation = [secure, plaintext]\ndropout = [0, 0.3]\ndropout-round = [share]", "rounds = 3", "seed = 5\nrepetitions = 2");

        var secure = grid.Settings(grid.Cells.Single(c => c.IsSecure && c.Dropout == 0.3), 1);
        var plain = grid.Settings(grid.Cells.Single(c => !c.IsSecure && c.Dropout == 0.3), 1);

        Assert.Equal((TrainingMode.Secure, 6, 3), (secure.Mode, secure.Seed, secure.Rounds));
        Assert.Equal((TrainingMode.FedAvg, 6), (plain.Mode, plain.Seed));
        var expected = DropoutSchedule.At(ProtocolRound.ShareKeys, 0.3);
        Assert.Equal(expected.Rounds, secure.DropoutSchedule.Rounds);
        // Both aggregations draw the same dropouts in a round.
        Assert.Equal(secure.DropoutSchedule.Draw(21, secure.Seed, 4).StopsAt, plain.DropoutSchedule.Draw(21, plain.Seed, 4).StopsAt);
        Assert.Equal(5, grid.Settings(grid.Cells[0], 0).Seed);
    }

    [Fact]
    public void The_fingerprint_changes_with_what_the_results_depend_on_and_not_with_where_they_go()
    {
        var grid = Grid("dropout = [0, 0.1]", "rounds = 3");

        Assert.Equal(grid.Fingerprint(), Grid("dropout = [0, 0.1]", "rounds = 3\ndata = \"elsewhere\"", "out = \"y\"").Fingerprint());
        Assert.NotEqual(grid.Fingerprint(), Grid("dropout = [0, 0.1]", "rounds = 4").Fingerprint());
        Assert.NotEqual(grid.Fingerprint(), Grid("dropout = [0, 0.2]", "rounds = 3").Fingerprint());
        Assert.NotEqual(grid.Fingerprint(), Grid("dropout = [0, 0.1]", "rounds = 3", "seed = 2").Fingerprint());
    }

    public static TheoryData<string, string, string, string> BadGrids() => new()
    {
        { "unknown aggregation", "aggregation = [secure, central]", "", "secagg.train-experiment.axes.aggregation has 'central': use secure, plaintext." },
        { "unknown round", "dropout-round = [mask, masks]", "", "secagg.train-experiment.axes.dropout-round has 'masks': use advertise, share, mask, consistency, unmask." },
        { "empty axis", "dropout = []", "", "secagg.train-experiment.axes.dropout is empty: an axis lists at least one value (leave it out for its default)." },
        { "empty aggregation", "aggregation = []", "", "secagg.train-experiment.axes.aggregation is empty: an axis lists at least one value (leave it out for its default)." },
        { "twice", "dropout = [0.1, 0.1]", "", "secagg.train-experiment.axes.dropout lists 0.1 twice." },
        { "probability", "dropout = [0, 1.5]", "", "secagg.train-experiment.axes.dropout is a probability between 0 and 1, got 1.5." },
        { "unknown axis", "clients = [10]", "", "Unknown key secagg.train-experiment.axes.clients; known keys: aggregation, dropout, dropout-round." },
        { "consistency", "dropout-round = [consistency]", "",
            "secagg.train-experiment.axes.dropout-round = consistency needs secagg.train-experiment.train.security = active: a semi-honest session has no ConsistencyCheck round." },
        { "aggregation in train", "", "aggregation = plaintext",
            "secagg.train-experiment.train.aggregation is an axis of the grid: list the aggregations in secagg.train-experiment.axes.aggregation." },
        { "dropout in train", "", "dropout.mask.probability = 0.1",
            "secagg.train-experiment.train.dropout is an axis of the grid: list the probabilities in secagg.train-experiment.axes.dropout and the rounds in secagg.train-experiment.axes.dropout-round." },
        { "seed in train", "", "seed = 3", "secagg.train-experiment.train.seed is set by the grid: secagg.train-experiment.seed (repetition r trains with seed + r)." },
        { "unknown train key", "", "roundz = 3", "Unknown key secagg.train-experiment.train.roundz; known keys: " + string.Join(", ", OptionsBinder.Keys(typeof(TrainOptions))) + "." },
        { "bad train value", "", "rounds = 0", "secagg.train-experiment.train.rounds must be at least 1, got 0." },
        { "bad hidden", "", "hidden = \"16,x\"", "secagg.train-experiment.train: --hidden takes layer sizes separated by commas, e.g. 128,64; got '16,x'." },
    };

    [Theory]
    [MemberData(nameof(BadGrids))]
    public void A_bad_grid_is_refused_with_one_line(string label, string axes, string train, string line)
    {
        var error = Assert.Throws<ArgumentException>(() => Grid(axes, train));

        Assert.True(line == error.Message, $"{label}: {error.Message}");
    }

    [Fact]
    public void The_shipped_training_grids_are_valid_and_the_smoke_grid_is_tiny()
    {
        var study = TrainExperimentGrid.Load(HoconFile.Load(Processes.ShippedHocon.File("train-dropout-study.hocon"), TrainExperimentOptions.Block));
        Assert.Equal(12, study.Cells.Count);
        Assert.Equal((3, 20), (study.Repetitions, study.Training.Rounds));

        var smoke = TrainExperimentGrid.Load(HoconFile.Load(Processes.ShippedHocon.File("train-experiment-smoke.hocon"), TrainExperimentOptions.Block));
        Assert.Equal(2, smoke.Cells.Count);
        Assert.Equal((1, 2), (smoke.Repetitions, smoke.Training.Rounds));
        Assert.Equal([16], smoke.Training.HiddenLayers);
        Assert.Equal(["secure", "plaintext"], smoke.Cells.Select(c => c.Aggregation));
    }

    [Fact]
    public void The_smoke_hocon_documents_every_key_of_the_block_and_every_train_key_the_grid_does_not_set()
    {
        var text = File.ReadAllText(Processes.ShippedHocon.File("train-experiment-smoke.hocon"));
        var keys = OptionsBinder.Keys(typeof(TrainExperimentOptions)).Concat(OptionsBinder.Keys(typeof(TrainExperimentAxesOptions)))
            .Concat(OptionsBinder.Keys(typeof(TrainOptions)).Where(k => !TrainExperimentGrid.GridSetTrainKeys.ContainsKey(k)));

        // An optional key without a value is written commented out, with what leaving it unset means.
        foreach (var key in keys)
            Assert.Matches($@"(?m)^\s*(# )?{System.Text.RegularExpressions.Regex.Escape(key)} [={{]", text);
    }
}
