namespace SecureAgg.Learning.Federated;

/// <summary>Plain FedAvg on the server: x ← x + η_s·Δ̄. Stateless.</summary>
public sealed class FedAvgOptimizer : ServerOptimizer
{
    public FedAvgOptimizer(double serverLearningRate = 1)
    {
        CheckRate(serverLearningRate, nameof(serverLearningRate));
        ServerLearningRate = serverLearningRate;
    }

    public double ServerLearningRate { get; }

    private protected override void Apply(double[] global, ReadOnlySpan<double> averagedDelta)
    {
        for (var i = 0; i < global.Length; i++)
            global[i] += ServerLearningRate * averagedDelta[i];
    }
}
