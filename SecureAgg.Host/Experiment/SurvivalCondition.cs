using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// Whether a session completes when exactly the plan's clients drop out (no one late): the server's threshold checks
/// as the paper states them, over U1 ⊇ U2 ⊇ U3 (⊇ U4 in active mode) ⊇ U5. SecAgg: every |U_i| ≥ t. SecAgg+: every
/// survivor's closed neighbourhood keeps ≥ t survivors at each round, U3 stays connected in the graph, and every
/// v ∈ U2 has ≥ t unmasking responders in its neighbourhood (shares of b_v or s_sk_v). Used for the theory curve of
/// a cell, by Monte Carlo over the same graph and dropout draws as the runs.
/// </summary>
public static class SurvivalCondition
{
    public static bool Completes(ProtocolParameters p, NeighbourGraph graph, DropoutPlan plan)
    {
        var rounds = p.Mode == SecurityMode.Active
            ? Enum.GetValues<ProtocolRound>()
            : Enum.GetValues<ProtocolRound>().Where(r => r != ProtocolRound.ConsistencyCheck).ToArray();
        var alive = new bool[p.ClientCount + 1];
        int[] u2 = [], current = [];
        foreach (var round in rounds)
        {
            current = Enumerable.Range(1, p.ClientCount).Where(c => plan.Answers(c, round)).ToArray();
            if (round == ProtocolRound.ShareKeys)
                u2 = current;
            Array.Clear(alive);
            foreach (var u in current)
                alive[u] = true;
            // Unmasking: every v of U2 needs t responders holding its shares; the other rounds: every survivor t live neighbours.
            var owners = round == ProtocolRound.Unmasking ? u2 : current;
            if (graph.IsComplete ? current.Length < p.Threshold : owners.Any(v => graph.ClosedNeighbourhood(v).Count(w => alive[w]) < p.Threshold))
                return false;
            if (round == ProtocolRound.MaskedInputCollection && graph.ComponentCount(current) > 1)
                return false;
        }
        return current.Length > 0;
    }
}
