using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Protocol;

/// <summary>
/// SecAgg+ on a ring (k = 2, t = 2): two dropouts far apart cut the ring in two, and each half's sum would be exposed
/// because the masks only cancel along edges. The server must abort, and in active mode clients must not sign such a U3.
/// </summary>
public sealed class SparseGraphSpecs
{
    private const int N = 12;
    private const int Seed = 3;
    private static readonly ProtocolParameters Ring = new(N, 2, 16, 30, SecurityMode.SemiHonest, neighbours: 2);

    // Two clients at ring distance N/2: removing both leaves two arcs of five.
    private static (int A, int B) Opposite()
    {
        var graph = NeighbourGraph.For(Ring, ReproducibleRandom.Seed(Seed, "graph"));
        var distance = new Dictionary<int, int> { [1] = 0 };
        var queue = new Queue<int>([1]);
        while (queue.TryDequeue(out var u))
        {
            foreach (var v in graph.ClosedNeighbourhood(u).Where(v => !distance.ContainsKey(v)))
            {
                distance[v] = distance[u] + 1;
                queue.Enqueue(v);
            }
        }
        return (1, distance.Single(d => d.Value == N / 2).Key);
    }

    [Fact]
    public void The_server_aborts_when_the_survivors_split_into_pieces_rather_than_expose_partial_sums()
    {
        var (a, b) = Opposite();
        var plan = new DropoutPlan(new Dictionary<int, ProtocolRound> { [a] = ProtocolRound.MaskedInputCollection, [b] = ProtocolRound.MaskedInputCollection });

        var result = LocalRound.Run(Ring, plan, Seed);

        Assert.Equal(new DisconnectedSurvivors(ProtocolRound.MaskedInputCollection, N - 2, 2), result.Abort);
        Assert.Empty(result.UnmaskResponses);
    }

    [Fact]
    public void Active_clients_refuse_to_sign_a_U3_that_is_not_connected()
    {
        var (a, b) = Opposite();
        var active = new ProtocolParameters(N, 2, 16, 30, SecurityMode.Active, neighbours: 2);

        var result = LocalRound.Run(active, DropoutPlan.None, Seed, hooks: new LocalRoundHooks(OnServerMessage: m =>
            m is ConsistencyCheckRequest request && request.Recipient != a && request.Recipient != b
                ? request with { MaskedInputSenders = request.MaskedInputSenders.Where(v => v != a && v != b).ToArray() }
                : m));

        Assert.Contains(result.ClientErrors, e => e.Message.Contains("not connected"));
        Assert.Empty(result.UnmaskResponses);
    }
}
