using SecureAgg.Protocol;

namespace SecureAgg.Tests.Protocol;

public sealed class ParameterAndGraphSpecs
{
    [Theory]
    [InlineData(10, 11, 32, 5, null, "exceeds the client count")]
    [InlineData(10, 1, 32, 5, null, "at least 2")]
    [InlineData(10, 5, 32, 5, null, "must exceed half")]
    [InlineData(10, 7, 7, 5, null, "between 8 and 62")]
    [InlineData(10, 7, 63, 5, null, "between 8 and 62")]
    [InlineData(10, 7, 32, 0, null, "Vector length")]
    [InlineData(1, 1, 32, 5, null, "Client count")]
    [InlineData(21, 4, 32, 5, 3, "even client count")]
    [InlineData(20, 6, 32, 5, 4, "exceeds the neighbourhood size")]
    [InlineData(20, 3, 32, 5, 1, "at least 2 neighbours")]
    public void Invalid_parameters_fail_with_a_clear_message(int n, int t, int bits, int m, int? k, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new ProtocolParameters(n, t, bits, m, SecurityMode.SemiHonest, k));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(100, 67)]
    [InlineData(500, 334)]
    [InlineData(3, 3)]
    public void The_default_threshold_is_two_thirds_plus_one(int n, int expected) =>
        Assert.Equal(expected, ProtocolParameters.WithDefaults(n, 10).Threshold);

    [Theory]
    [InlineData(50, 6)]
    [InlineData(51, 10)]
    [InlineData(40, 7)]
    [InlineData(1000, 40)]
    public void A_Harary_graph_is_k_regular_symmetric_connected_and_reproducible(int n, int k)
    {
        var seed = new byte[32];
        seed[0] = 7;
        var graph = NeighbourGraph.Harary(n, k, seed);
        for (var u = 1; u <= n; u++)
        {
            var closed = graph.ClosedNeighbourhood(u);
            Assert.Equal(k + 1, closed.Count);
            Assert.Contains(u, closed);
            Assert.All(closed, v => Assert.True(graph.InClosedNeighbourhood(v, u)));
        }

        var seen = new HashSet<int> { 1 };
        var frontier = new Queue<int>([1]);
        while (frontier.TryDequeue(out var u))
        {
            foreach (var v in graph.ClosedNeighbourhood(u))
            {
                if (seen.Add(v))
                    frontier.Enqueue(v);
            }
        }
        Assert.Equal(n, seen.Count);

        var again = NeighbourGraph.Harary(n, k, seed);
        Assert.All(Enumerable.Range(1, n), u => Assert.Equal(graph.ClosedNeighbourhood(u), again.ClosedNeighbourhood(u)));
        seed[0] = 8;
        var other = NeighbourGraph.Harary(n, k, seed);
        Assert.Contains(Enumerable.Range(1, n), u => !graph.ClosedNeighbourhood(u).SequenceEqual(other.ClosedNeighbourhood(u)));
    }

    [Fact]
    public void k_of_n_minus_one_or_more_is_the_complete_graph()
    {
        Assert.True(NeighbourGraph.Harary(10, 9, new byte[32]).IsComplete);
        Assert.True(ProtocolParameters.WithDefaults(10, 5, neighbours: 12).IsComplete);
    }
}
