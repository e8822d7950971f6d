using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Experiment;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Tests.Experiment;

/// <summary>The <c>secagg.experiment</c> block: what a grid binds to, the one line a bad grid gets, and the cells and seeds it makes.</summary>
public sealed class ExperimentGridSpecs
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text);

    private static ExperimentGrid Grid(string axes, string settings = "") =>
        ExperimentGrid.Load(Parse($"secagg.experiment {{\n{settings}\naxes {{\n{axes}\n}}\n}}"));

    [Fact]
    public void A_grid_binds_its_settings_and_axes_and_the_left_out_axes_take_their_defaults()
    {
        var grid = Grid("clients = [10, 20]\ndropout = [0, 0.25]", "engine = core\nrepetitions = 4\nseed = 7\nround-timeout = 500ms\nout = \"x\"");

        Assert.False(grid.ActorEngine);
        Assert.Equal((4, 7, TimeSpan.FromMilliseconds(500), "x"), (grid.Repetitions, grid.Seed, grid.RoundTimeout, grid.Out));
        Assert.Equal(4, grid.Cells.Count);
        Assert.All(grid.Cells, c => Assert.Equal(("secagg", SecurityMode.SemiHonest, 1000, 32, (int?)null, "mask"), (c.Protocol, c.Mode, c.Length, c.Bits, c.Threshold, c.DropoutRound)));
        Assert.Equal([(10, 0.0), (10, 0.25), (20, 0.0), (20, 0.25)], grid.Cells.Select(c => (c.Clients, c.Dropout)));
    }

    [Fact]
    public void The_cells_are_the_cross_product_and_the_neighbours_axis_multiplies_only_secagg_plus()
    {
        var grid = Grid("protocol = [secagg, \"secagg+\"]\nneighbours = [0, 6]\nsecurity = [semi-honest, active]\nclients = [10, 20]\ndropout = [0, 0.1, 0.2]\ndropout-round = [share, all]");

        // secagg: 2 security × 2 n × 3 p × 2 rounds; secagg+: the same × 2 k.
        Assert.Equal(24 + 48, grid.Cells.Count);
        Assert.Equal(grid.Cells.Count, grid.Cells.Select(c => c.Key).Distinct().Count());
        Assert.All(grid.Cells.Where(c => c.Protocol == "secagg"), c => Assert.Null(c.Neighbours));
        Assert.Equal([null, 6], grid.Cells.Where(c => c.SparseGraph).Select(c => c.Neighbours).Distinct().Order());
    }

    [Fact]
    public void Every_run_of_a_grid_has_its_own_seed_and_the_seeds_are_the_same_on_every_load_whatever_the_axis_order()
    {
        var grid = Grid("protocol = [secagg, \"secagg+\"]\nclients = [10, 20, 30]\ndropout = [0, 0.1, 0.2, 0.3]", "repetitions = 5");
        var reordered = Grid("protocol = [\"secagg+\", secagg]\nclients = [30, 10, 20]\ndropout = [0.3, 0.2, 0.1, 0]", "repetitions = 5");
        var otherSeed = Grid("protocol = [secagg, \"secagg+\"]\nclients = [10, 20, 30]\ndropout = [0, 0.1, 0.2, 0.3]", "repetitions = 5\nseed = 2");

        var seeds = grid.Cells.SelectMany(c => Enumerable.Range(0, 5).Select(r => c.Seed(grid.Seed, r))).ToArray();
        Assert.Equal(seeds.Length, seeds.Distinct().Count());
        Assert.Equal(grid.Cells.ToDictionary(c => c.Key, c => c.Seed(1, 3)), reordered.Cells.ToDictionary(c => c.Key, c => c.Seed(1, 3)));
        Assert.NotEqual(grid.Cells[0].Seed(1, 0), otherSeed.Cells[0].Seed(2, 0));
    }

    [Fact]
    public void The_dropout_round_all_hits_every_round_of_the_cells_mode()
    {
        var grid = Grid("security = [semi-honest, active]\nclients = [10]\ndropout = [0.1]\ndropout-round = [all, unmask]");

        var semiHonest = grid.Cells.Single(c => c.Mode == SecurityMode.SemiHonest && c.DropoutRound == "all").Schedule();
        var active = grid.Cells.Single(c => c.Mode == SecurityMode.Active && c.DropoutRound == "all").Schedule();
        Assert.Equal([ProtocolRound.AdvertiseKeys, ProtocolRound.ShareKeys, ProtocolRound.MaskedInputCollection, ProtocolRound.Unmasking], semiHonest.Rounds.Keys.Order());
        Assert.Equal(Enum.GetValues<ProtocolRound>(), active.Rounds.Keys.Order());
        Assert.Equal([ProtocolRound.Unmasking], grid.Cells.First(c => c.DropoutRound == "unmask").Schedule().Rounds.Keys);
    }

    public static TheoryData<string, string, string> BadGrids => new()
    {
        { "unknown key", "repetition = 2\naxes { clients = [10] }",
            "Unknown key secagg.experiment.repetition; known keys: engine, repetitions, seed, round-timeout, journal, out, axes." },
        { "unknown axis", "axes { clients = [10], client = [5] }",
            "Unknown key secagg.experiment.axes.client; known keys: protocol, neighbours, security, clients, length, bits, threshold, dropout, dropout-round." },
        { "empty axis", "axes { clients = [10], dropout = [] }",
            "secagg.experiment.axes.dropout is empty: an axis lists at least one value (leave it out for its default)." },
        { "no clients", "axes { dropout = [0.1] }", "secagg.experiment.axes.clients is missing: a grid names its values, e.g. clients = [100]." },
        { "t > n", "axes { clients = [10, 20], threshold = [15] }", "secagg.experiment.axes.threshold = 15 exceeds the client count n = 10." },
        { "k >= n", "axes { protocol = [\"secagg+\"], neighbours = [12], clients = [12] }",
            "secagg.experiment.axes.neighbours = 12 must be below the client count n = 12." },
        { "bad round", "axes { clients = [10], dropout-round = [masked] }",
            "secagg.experiment.axes.dropout-round has 'masked': use advertise, share, mask, consistency, unmask, all." },
        { "consistency without active", "axes { clients = [10], dropout-round = [consistency] }",
            "secagg.experiment.axes.dropout-round = consistency needs security = [active]: a semi-honest session has no ConsistencyCheck round." },
        { "bad protocol", "axes { protocol = [secagg, flower], clients = [10] }", "secagg.experiment.axes.protocol has 'flower': use secagg, secagg+." },
        { "probability", "axes { clients = [10], dropout = [0, 1.5] }", "secagg.experiment.axes.dropout is a probability between 0 and 1, got 1.5." },
        { "twice", "axes { clients = [10, 20, 10] }", "secagg.experiment.axes.clients lists 10 twice." },
        { "k without secagg+", "axes { clients = [10], neighbours = [4] }",
            "secagg.experiment.axes.neighbours applies to secagg+ cells only, and the protocol axis has none." },
        { "repetitions", "repetitions = 0\naxes { clients = [10] }", "secagg.experiment.repetitions must be between 1 and 100000, got 0." },
        { "engine", "engine = gpu\naxes { clients = [10] }", "secagg.experiment.engine must be actors or core, got 'gpu'." },
        { "t too low", "axes { clients = [10], threshold = [3] }",
            "secagg.experiment: the cell protocol=secagg k=- security=semi-honest n=10 m=1000 b=32 t=3 p=0 round=mask is not a valid session: " +
            "Threshold t = 3 must exceed half the neighbourhood (10): with t ≤ s/2 a server could gather both the self-mask and the mask-key shares of one client." },
        { "axis not a list", "axes { clients = 10 }", "secagg.experiment.axes.clients has a value of the wrong type: it must be a list, e.g. [ ... ], got '10'." },
    };

    [Theory]
    [MemberData(nameof(BadGrids))]
    public void A_bad_grid_is_refused_with_one_line(string label, string block, string line)
    {
        var error = Assert.Throws<ArgumentException>(() => ExperimentGrid.Load(Parse($"secagg.experiment {{\n{block}\n}}")));

        Assert.True(line == error.Message, $"{label}: {error.Message}");
    }

    [Fact]
    public void The_shipped_grids_are_valid_and_the_smoke_grid_stays_small()
    {
        foreach (var name in new[] { "experiment-smoke.hocon", "dropout-study.hocon", "secagg-vs-secaggplus.hocon" })
        {
            var grid = ExperimentGrid.Load(HoconFile.Load(Processes.ShippedHocon.File(name), ExperimentOptions.Block));
            Assert.NotEmpty(grid.Cells);
        }
        var smoke = ExperimentGrid.Load(HoconFile.Load(Processes.ShippedHocon.File("experiment-smoke.hocon"), ExperimentOptions.Block));
        Assert.True(smoke.Cells.Count * smoke.Repetitions <= 30, $"{smoke.Cells.Count} cells × {smoke.Repetitions}");
        Assert.Contains(smoke.Cells, c => c.Dropout == 0);
        Assert.Contains(smoke.Cells, c => c.Dropout >= 0.9);
    }

    [Fact]
    public void The_smoke_hocon_documents_every_key_of_the_block()
    {
        var text = File.ReadAllText(Processes.ShippedHocon.File("experiment-smoke.hocon"));

        foreach (var key in OptionsBinder.Keys(typeof(ExperimentOptions)).Concat(OptionsBinder.Keys(typeof(ExperimentAxesOptions))))
            Assert.Matches($@"(?m)^\s*{System.Text.RegularExpressions.Regex.Escape(key)} [={{]", text);
    }
}
