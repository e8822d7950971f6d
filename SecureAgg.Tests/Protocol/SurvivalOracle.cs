using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Protocol;

/// <summary>
/// An independent model of which clients survive each round and where a run must abort, computed from the dropout
/// plan alone, to check the server's decisions against.
/// </summary>
public sealed record SurvivalOracle(IReadOnlyList<int[]> Survivors, ProtocolRound? AbortRound, bool Disconnected = false)
{
    public static SurvivalOracle For(RandomRoundCase c)
    {
        var p = c.Parameters;
        var graph = NeighbourGraph.For(p, ReproducibleRandom.Seed(c.Seed, "graph"));
        var rounds = p.Mode == SecurityMode.Active
            ? new[] { ProtocolRound.AdvertiseKeys, ProtocolRound.ShareKeys, ProtocolRound.MaskedInputCollection, ProtocolRound.ConsistencyCheck, ProtocolRound.Unmasking }
            : new[] { ProtocolRound.AdvertiseKeys, ProtocolRound.ShareKeys, ProtocolRound.MaskedInputCollection, ProtocolRound.Unmasking };
        var alive = Enumerable.Range(1, p.ClientCount).ToArray();
        var survivors = new List<int[]>();
        foreach (var round in rounds)
        {
            alive = alive.Where(u => c.Dropouts.Answers(u, round)).ToArray();
            survivors.Add(alive);
            if (round == ProtocolRound.MaskedInputCollection && p.Mode == SecurityMode.SemiHonest)
                survivors.Add(alive);
            if (round == ProtocolRound.Unmasking)
            {
                // Every secret to reconstruct (b of U3, s_sk of U2 \ U3) needs t holders among the responders.
                var owners = survivors[1];
                foreach (var v in owners)
                {
                    var holders = alive.Count(h => graph.InClosedNeighbourhood(v, h));
                    if (holders < p.Threshold)
                        return new SurvivalOracle(survivors, round);
                }
            }
            else if (alive.Any(u => graph.ClosedNeighbourhood(u).Count(v => alive.Contains(v)) < p.Threshold) || alive.Length < p.Threshold)
            {
                return new SurvivalOracle(survivors, round);
            }
            else if (round == ProtocolRound.MaskedInputCollection && !graph.IsComplete && Pieces(graph, alive) > 1)
            {
                return new SurvivalOracle(survivors, round, Disconnected: true);
            }
        }
        return new SurvivalOracle(survivors, null);
    }

    // Connected pieces of the graph restricted to the members, by a plain flood fill (independent of NeighbourGraph's).
    private static int Pieces(NeighbourGraph graph, int[] members)
    {
        var unvisited = new HashSet<int>(members);
        var pieces = 0;
        while (unvisited.Count > 0)
        {
            pieces++;
            var queue = new Queue<int>([unvisited.First()]);
            unvisited.Remove(queue.Peek());
            while (queue.TryDequeue(out var u))
            {
                foreach (var v in graph.ClosedNeighbourhood(u).Where(unvisited.Contains).ToArray())
                {
                    unvisited.Remove(v);
                    queue.Enqueue(v);
                }
            }
        }
        return pieces;
    }
}
