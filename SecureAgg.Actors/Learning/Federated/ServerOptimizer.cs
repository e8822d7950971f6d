namespace SecureAgg.Learning.Federated;

/// <summary>
/// A server-side optimiser (Reddi et al. 2021, "Adaptive Federated Optimization"): it treats the round's averaged
/// client update Δ̄ (trained − global, so a descent direction already) as a pseudo-gradient and steps the global flat
/// parameter vector with it. Implementations keep state across rounds; use one instance per global model.
/// </summary>
public abstract class ServerOptimizer
{
    /// <summary>Plain FedAvg: x ← x + η_s·Δ̄ (η_s = 1 is McMahan et al.'s FedAvg).</summary>
    public static ServerOptimizer FedAvg(double serverLearningRate = 1) => new FedAvgOptimizer(serverLearningRate);

    /// <summary>FedAvgM (Hsu et al. 2019): v ← β·v + Δ̄, x ← x + η_s·v.</summary>
    public static ServerOptimizer FedAvgM(double serverLearningRate = 1, double momentum = 0.9) =>
        new FedAvgMOptimizer(serverLearningRate, momentum);

    /// <summary>FedAdam (Reddi et al. 2021, Algorithm 2): see <see cref="FedAdamOptimizer"/>.</summary>
    public static ServerOptimizer FedAdam(double serverLearningRate = 0.01, double beta1 = 0.9, double beta2 = 0.99, double tau = 1e-3) =>
        new FedAdamOptimizer(serverLearningRate, beta1, beta2, tau);

    /// <summary>Rounds applied so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>Applies one round's averaged update to <paramref name="global"/> in place.</summary>
    public void Step(double[] global, ReadOnlySpan<double> averagedDelta)
    {
        ArgumentNullException.ThrowIfNull(global);
        if (averagedDelta.Length != global.Length)
            throw new ArgumentException($"The averaged update has {averagedDelta.Length} entries, the global model {global.Length}.", nameof(averagedDelta));
        for (var i = 0; i < averagedDelta.Length; i++)
            if (!double.IsFinite(averagedDelta[i]))
                throw new ArgumentException($"Coordinate {i} of the averaged update is {averagedDelta[i]}.", nameof(averagedDelta));
        Apply(global, averagedDelta);
        Rounds++;
    }

    private protected abstract void Apply(double[] global, ReadOnlySpan<double> averagedDelta);

    private protected static void CheckRate(double rate, string name)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
            throw new ArgumentException($"{name} must be finite and positive, got {rate}.", name);
    }

    private protected static void CheckDecay(double decay, string name)
    {
        if (!(decay >= 0 && decay < 1))
            throw new ArgumentException($"{name} must be in [0, 1), got {decay}.", name);
    }

    private protected static double[] State(ref double[]? state, int length, double initial)
    {
        if (state is null)
        {
            state = new double[length];
            Array.Fill(state, initial);
        }
        else if (state.Length != length)
        {
            throw new ArgumentException($"This optimiser holds state for {state.Length} parameters, not {length}; use one instance per model.");
        }
        return state;
    }
}
