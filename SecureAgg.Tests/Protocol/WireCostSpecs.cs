using System.Collections.Concurrent;
using System.Diagnostics;
using SecureAgg.Host.Wire;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;
using SecureAgg.Simulation;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Protocol;

/// <summary>
/// <see cref="WireCost"/> against real rounds: every client that finishes a <see cref="LocalRound"/> sends and receives,
/// round by round, exactly the bytes WireCost computes for its neighbourhood; and the paper's parameters give a sane
/// expansion.
/// </summary>
public sealed class WireCostSpecs(ITestOutputHelper output)
{
    private const int Seed = 4;

    // n, b, mode, k (null: complete graph), clients that drop before their masked input, clients that drop after it.
    public static TheoryData<int, int, SecurityMode, int?, int[], int[]> Cases => new()
    {
        { 8, 20, SecurityMode.SemiHonest, null, [], [] },
        { 10, 24, SecurityMode.Active, null, [], [] },
        { 12, 26, SecurityMode.SemiHonest, null, [3, 7], [] },
        { 12, 32, SecurityMode.Active, null, [2, 5, 11], [] },
        { 9, 21, SecurityMode.SemiHonest, null, [4], [6] },
        { 16, 28, SecurityMode.SemiHonest, 6, [2, 9], [] },
        { 20, 30, SecurityMode.Active, 8, [5, 14], [] },
        { 20, 20, SecurityMode.Active, 5, [], [] },
        { 18, 25, SecurityMode.SemiHonest, 4, [1], [10] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_finishing_client_sends_and_receives_exactly_the_computed_bytes_in_every_round(
        int n, int bits, SecurityMode mode, int? k, int[] dropBeforeMask, int[] dropAfterMask)
    {
        const int m = 1000;
        var parameters = ProtocolParameters.WithDefaults(n, m, bits, mode, k);
        var stops = dropBeforeMask.ToDictionary(c => c, _ => ProtocolRound.MaskedInputCollection);
        foreach (var c in dropAfterMask)
            stops[c] = ProtocolRound.Unmasking;
        var up = new ConcurrentDictionary<(int Client, ProtocolRound Round), long>();
        var down = new ConcurrentDictionary<(int Client, ProtocolRound Round), long>();
        var result = LocalRound.Run(parameters, new DropoutPlan(stops), Seed, hooks: new LocalRoundHooks(
            OnServerMessage: message =>
            {
                long size = ProtocolCodec.Encode(message).Length;
                down.AddOrUpdate((message.Recipient, message.Round), size, (_, v) => v + size);
                return message;
            },
            OnClientMessage: message =>
            {
                long size = ProtocolCodec.Encode(message).Length;
                up.AddOrUpdate((message.Sender, message.Round), size, (_, v) => v + size);
                return message;
            }));
        Assert.True(result.Verified, $"the round did not complete: {result.Abort?.Message}");

        var graph = NeighbourGraph.For(parameters, ReproducibleRandom.Seed(Seed, "graph"));
        var finishers = result.Survivors[^1];
        Assert.Equal(n - dropBeforeMask.Length - dropAfterMask.Length, finishers.Length);
        var uploads = new HashSet<long>();
        foreach (var u in finishers)
        {
            var neighbourDropouts = graph.ClosedNeighbourhood(u).Count(dropBeforeMask.Contains);
            var cost = WireCost.Of(parameters, 16, dropBeforeMask.Length, neighbourDropouts);
            foreach (var round in Enum.GetValues<ProtocolRound>())
            {
                Assert.Equal(cost.For(round).Upload, up.GetValueOrDefault((u, round)));
                Assert.Equal(cost.For(round).Download, down.GetValueOrDefault((u, round)));
            }
            // The simulation's own count (PayloadSize.Of per message) agrees too.
            Assert.Equal(cost.Upload, result.ClientBytesBySender[u]);
            uploads.Add(cost.Upload);
        }
        // The upload does not depend on which neighbours dropped: each dropped one's s_sk share replaces its b share.
        Assert.Single(uploads);
        output.WriteLine($"n={n} b={bits} {mode} k={k?.ToString() ?? "n-1"} dropouts={dropBeforeMask.Length}+{dropAfterMask.Length}: " +
                         $"{finishers.Length} finishers, upload {uploads.Single()} bytes each");
    }

    [Fact]
    public void The_rounds_a_mode_does_not_run_cost_nothing()
    {
        var semiHonest = WireCost.Of(ProtocolParameters.WithDefaults(10, 100, 20), 16);
        Assert.DoesNotContain(semiHonest.Rounds, r => r.Round == ProtocolRound.ConsistencyCheck);
        Assert.Equal(new RoundWireCost(ProtocolRound.ConsistencyCheck, 0, 0), semiHonest.For(ProtocolRound.ConsistencyCheck));
        var active = WireCost.Of(ProtocolParameters.WithDefaults(10, 100, 20, SecurityMode.Active), 16);
        Assert.Equal(Enum.GetValues<ProtocolRound>(), active.Rounds.Select(r => r.Round));
        Assert.Equal(0, active.For(ProtocolRound.MaskedInputCollection).Download);
    }

    [Fact]
    public void The_word_size_leaves_room_for_the_sum_of_n_inputs()
    {
        Assert.Equal(26, WireCost.WordBits(16, 1024));
        Assert.Equal(27, WireCost.WordBits(16, 1025));
        Assert.Equal(26, WireCost.WordBits(16, 1000));
        Assert.Equal(ProtocolParameters.MinBits, WireCost.WordBits(1, 4));
    }

    [Fact]
    public void A_neighbourhood_that_would_fall_below_the_threshold_is_refused()
    {
        var parameters = ProtocolParameters.WithDefaults(12, 10, 20); // t = 9
        Assert.Throws<ArgumentOutOfRangeException>(() => WireCost.Of(parameters, 16, dropouts: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireCost.Of(parameters, 16, dropouts: 2, neighbourDropouts: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireCost.Of(parameters, 21));
    }

    [Fact]
    public void The_papers_parameters_give_an_expansion_near_their_1_73()
    {
        const int n = 1 << 10, m = 1 << 20, inputBits = 16;
        var bits = WireCost.WordBits(inputBits, n);
        Assert.Equal(26, bits);
        var timer = Stopwatch.StartNew();
        var rows = new (string Name, WireCost Cost)[]
        {
            ("SecAgg semi-honest", WireCost.Of(ProtocolParameters.WithDefaults(n, m, bits), inputBits)),
            ("SecAgg semi-honest, 10% dropped", WireCost.Of(ProtocolParameters.WithDefaults(n, m, bits), inputBits, dropouts: n / 10)),
            ("SecAgg active", WireCost.Of(ProtocolParameters.WithDefaults(n, m, bits, SecurityMode.Active), inputBits)),
            ("SecAgg+ k=30 semi-honest", WireCost.Of(ProtocolParameters.WithDefaults(n, m, bits, neighbours: 30), inputBits)),
            ("SecAgg+ k=30 active", WireCost.Of(ProtocolParameters.WithDefaults(n, m, bits, SecurityMode.Active, neighbours: 30), inputBits)),
        };
        timer.Stop();
        foreach (var (name, cost) in rows)
        {
            output.WriteLine(FormattableString.Invariant(
                $"{name,-34} upload {cost.Upload,10:N0}  download {cost.Download,10:N0}  plain {cost.PlainBytes:N0}  expansion {cost.Expansion:F4}×  (paper 1.73×)"));
        }
        output.WriteLine(FormattableString.Invariant($"computed in {timer.Elapsed.TotalMilliseconds:F0} ms"));

        var plainBytes = (long)m * inputBits / 8;
        var vectorBytes = (long)m * bits / 8;
        foreach (var (name, cost) in rows)
        {
            Assert.Equal(plainBytes, cost.PlainBytes);
            // The masked vector alone is 26/16 = 1.625×; keys, shares and unmasking add a little on top.
            Assert.True(cost.For(ProtocolRound.MaskedInputCollection).Upload > vectorBytes, name);
            Assert.InRange(cost.Expansion, 1.625, 1.8);
        }
        Assert.InRange(rows[0].Cost.Expansion, 1.65, 1.75);
        // SecAgg+ trades the n-sized share and key traffic for k-sized: less than SecAgg, still above the vector alone.
        Assert.True(rows[3].Cost.Upload < rows[0].Cost.Upload);
        Assert.True(rows[4].Cost.Upload < rows[2].Cost.Upload);
        Assert.True(timer.ElapsedMilliseconds < 5_000, $"took {timer.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Secagg_wire_prints_the_rounds_the_total_and_both_expansion_factors()
    {
        var text = new StringWriter();
        Assert.Equal(0, WireCommand.Run(text, 1024, 1 << 20, 16, neighbours: null, SecurityMode.SemiHonest, dropout: 0));
        output.WriteLine(text.ToString());
        var expected = WireCost.Of(ProtocolParameters.WithDefaults(1024, 1 << 20, 26), 16);
        Assert.Contains("word size b = 26 bits", text.ToString());
        Assert.Contains(FormattableString.Invariant($"{expected.Upload:N0}"), text.ToString());
        Assert.Contains(FormattableString.Invariant($"{expected.Expansion:F3}×"), text.ToString());
        Assert.Contains("1.73×", text.ToString());
        Assert.Equal(2, WireCommand.Run(TextWriter.Null, 1001, 100, 16, neighbours: 31, SecurityMode.SemiHonest, dropout: 0));
    }
}
