namespace SecureAgg.Learning.Federated;

/// <summary>
/// FedAdam as in Reddi et al. 2021, Algorithm 2: m ← β1·m + (1−β1)·Δ̄, v ← β2·v + (1−β2)·Δ̄², x ← x + η·m/(√v + τ),
/// with m starting at 0 and v at τ² (the paper's v_{−1} ≥ τ²). Unlike client-side Adam there is no bias correction, as
/// in the paper; τ bounds the adaptivity (the step per coordinate is at most about η·|m|/τ).
/// </summary>
public sealed class FedAdamOptimizer : ServerOptimizer
{
    private double[]? _m;
    private double[]? _v;

    public FedAdamOptimizer(double serverLearningRate = 0.01, double beta1 = 0.9, double beta2 = 0.99, double tau = 1e-3)
    {
        CheckRate(serverLearningRate, nameof(serverLearningRate));
        CheckDecay(beta1, nameof(beta1));
        CheckDecay(beta2, nameof(beta2));
        CheckRate(tau, nameof(tau));
        ServerLearningRate = serverLearningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Tau = tau;
    }

    public double ServerLearningRate { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Tau { get; }

    private protected override void Apply(double[] global, ReadOnlySpan<double> averagedDelta)
    {
        var m = State(ref _m, global.Length, 0);
        var v = State(ref _v, global.Length, Tau * Tau);
        for (var i = 0; i < global.Length; i++)
        {
            var d = averagedDelta[i];
            m[i] = Beta1 * m[i] + (1 - Beta1) * d;
            v[i] = Beta2 * v[i] + (1 - Beta2) * d * d;
            global[i] += ServerLearningRate * m[i] / (Math.Sqrt(v[i]) + Tau);
        }
    }
}
