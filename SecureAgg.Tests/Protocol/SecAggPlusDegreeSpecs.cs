using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Protocol;

public sealed class SecAggPlusDegreeSpecs
{
    [Theory]
    [InlineData(21)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Without_dropouts_the_degree_is_the_even_3_log2_n_of_Bell_et_al(int n)
    {
        var k = SecAggPlusDegree.Safe(n, 0, null);

        Assert.Equal(2 * (int)Math.Ceiling(1.5 * Math.Log2(n)), k);
        Assert.Equal(0, k % 2);
    }

    [Fact]
    public void Dropouts_raise_the_degree_until_no_sparse_graph_is_safe()
    {
        var calm = SecAggPlusDegree.Safe(1000, 0, null);
        var tenPercent = SecAggPlusDegree.Safe(1000, 0.1, null);

        Assert.True(tenPercent > calm, $"{tenPercent} ≤ {calm}");
        Assert.True(tenPercent < 999);
        Assert.Equal(0, tenPercent % 2);
        // With t = ⌊2s/3⌋+1, 30% dropout leaves too few survivors in some neighbourhood of a sparse graph.
        Assert.Equal(99, SecAggPlusDegree.Safe(100, 0.3, null));
    }

    [Fact]
    public void A_schedules_dropout_rate_combines_its_rounds_and_named_clients()
    {
        var schedule = new DropoutSchedule(new Dictionary<ProtocolRound, RoundDropout>
        {
            [ProtocolRound.ShareKeys] = new(0.1, []),
            [ProtocolRound.MaskedInputCollection] = new(0.1, [1, 2]),
        });

        Assert.Equal(1 - 0.9 * 0.9 + 0.2, schedule.DropoutRate(10), 12);
        Assert.Equal(0, DropoutSchedule.None.DropoutRate(10));
        Assert.Equal(1, DropoutSchedule.At(ProtocolRound.Unmasking, 1).DropoutRate(10));
    }
}
