using System.Text.Json.Serialization;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// One aggregation of a cell, as cells.jsonl keeps it: |U1|..|U5| as far as the session got, the outcome, the wall
/// time of each phase that closed (by its short round name), and the bytes per client of the n (what the server
/// accepted from the clients, and what it sent them). <paramref name="Late"/>: a client the dropout plan kept missed
/// a deadline (a machine too slow for the round timeout), so the run measured more dropouts than it drew.
/// </summary>
public sealed record RunOutcome(
    int Seed, bool Completed, bool Verified, string? AbortReason, int[] Survivors, int PlannedDropouts, bool Late,
    Dictionary<string, double> PhaseMs, double BytesUpPerClient, double BytesDownPerClient, double TotalMs)
{
    [JsonIgnore]
    public int? U3 => Survivors.Length > 2 ? Survivors[2] : null;

    /// <summary>Whether fewer clients answered some closed round than the plan let answer.</summary>
    public static bool FellBelowPlan(IReadOnlyList<int> survivors, DropoutPlan plan, int clients)
    {
        for (var i = 0; i < survivors.Count && i <= (int)Protocol.Messages.ProtocolRound.Unmasking; i++)
        {
            var round = (Protocol.Messages.ProtocolRound)i;
            var planned = Enumerable.Range(1, clients).Count(c => plan.Answers(c, round));
            if (survivors[i] < planned)
                return true;
        }
        return false;
    }
}
