using Akka.Actor;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The simulation's seeded input vectors (<see cref="ActorSimulation.ClientInput"/>, one per session and client id):
/// the server knows them too, so its <see cref="SimulatedInputVerifier"/> checks every aggregate against the plaintext
/// sum of U3. Nothing to journal.
/// </summary>
public sealed class SimulatedInputTask(int vectorLength, int bits) : IServerSessionTask
{
    public string Description => $"simulated inputs, m = {vectorLength}, b = {bits}";

    public int? MaxClients => null;

    public bool IsDone => false;

    public (int VectorLength, int Bits) Shape(int clientCount) => (vectorLength, bits);

    public byte[] Payload() => [];

    public SessionTaskStep Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors) =>
        SessionTaskStep.Evaluate(new VerifySimulatedInputs(opened, aggregate, survivors));

    public SessionTaskStep Skipped(ClusterSessionOpened opened, string reason) => SessionTaskStep.Done(null);

    public void Evaluated(SessionEvaluated evaluated)
    {
    }

    public ISessionEvaluation? Resumed() => null;

    public Props Evaluator() => Props.Create<SimulatedInputVerifier>();

    public byte[] State() => [];

    public void Restore(byte[] state)
    {
    }
}

/// <summary>Check a completed session's aggregate against the plaintext sum of U3's simulated inputs.</summary>
public sealed record VerifySimulatedInputs(ClusterSessionOpened Opened, ulong[] Aggregate, IReadOnlyList<int[]> Survivors) : ISessionEvaluation;

/// <summary>The evaluator of <see cref="SimulatedInputTask"/>: expands U3's inputs and sums them in the clear.</summary>
public sealed class SimulatedInputVerifier : SessionEvaluator<VerifySimulatedInputs>
{
    protected override SessionEvaluated Evaluate(VerifySimulatedInputs evaluation)
    {
        var (opened, p) = (evaluation.Opened, evaluation.Opened.Parameters);
        var verified = evaluation.Survivors.Count > 2 && evaluation.Aggregate.AsSpan().SequenceEqual(
            PlaintextSum.Of(p, evaluation.Survivors[2], id => SimulatedInput.Of(p, opened.InputSeed, opened.Index, id)));
        return new SessionEvaluated(new SessionTaskOutcome(verified, verified ? "aggregate verified" : "aggregate WRONG"), null);
    }
}
