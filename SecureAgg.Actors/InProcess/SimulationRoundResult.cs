using SecureAgg.Simulation;

namespace SecureAgg.Actors.InProcess;

/// <summary>One aggregation round of a simulation, checked against the plaintext sum of the survivors' inputs.</summary>
public sealed record SimulationRoundResult(int Round, DropoutPlan Dropouts, AggregationReport Report, bool Verified)
{
    public string Outcome => Report.Completed ? (Verified ? "completed" : "WRONG") : "aborted";
}
