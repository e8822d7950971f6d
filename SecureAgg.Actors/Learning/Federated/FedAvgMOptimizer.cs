namespace SecureAgg.Learning.Federated;

/// <summary>
/// FedAvg with server momentum (Hsu, Qi and Brown 2019): v ← β·v + Δ̄, x ← x + η_s·v, v starting at 0. Momentum
/// smooths the round-to-round swings that non-IID client samples cause.
/// </summary>
public sealed class FedAvgMOptimizer : ServerOptimizer
{
    private double[]? _velocity;

    public FedAvgMOptimizer(double serverLearningRate = 1, double momentum = 0.9)
    {
        CheckRate(serverLearningRate, nameof(serverLearningRate));
        CheckDecay(momentum, nameof(momentum));
        ServerLearningRate = serverLearningRate;
        Momentum = momentum;
    }

    public double ServerLearningRate { get; }
    public double Momentum { get; }

    private protected override void Apply(double[] global, ReadOnlySpan<double> averagedDelta)
    {
        var v = State(ref _velocity, global.Length, 0);
        for (var i = 0; i < global.Length; i++)
        {
            v[i] = Momentum * v[i] + averagedDelta[i];
            global[i] += ServerLearningRate * v[i];
        }
    }
}
