using SecureAgg.Learning.Federated;

namespace SecureAgg.Tests.Learning.Federated;

public sealed class ServerOptimizerSpecs
{
    private static void Near(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"coord {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void FedAvg_adds_the_scaled_average()
    {
        double[] global = [1.0, 2.0];
        ServerOptimizer.FedAvg(0.5).Step(global, [0.5, -1.0]);
        Near([1.25, 1.5], global);
    }

    [Fact]
    public void FedAvgM_accumulates_server_momentum()
    {
        var optimizer = ServerOptimizer.FedAvgM(serverLearningRate: 1, momentum: 0.9);
        double[] global = [0.0, 0.0];
        optimizer.Step(global, [1.0, -2.0]); // v = [1, −2]
        Near([1.0, -2.0], global);
        optimizer.Step(global, [1.0, 0.0]); // v = 0.9·[1, −2] + [1, 0] = [1.9, −1.8]
        Near([2.9, -3.8], global);
        Assert.Equal(2, optimizer.Rounds);
    }

    [Fact]
    public void FedAdam_matches_hand_computed_steps()
    {
        // η = 0.1, β1 = 0.9, β2 = 0.99, τ = 1e-3, m₀ = 0, v₀ = τ² = 1e-6.
        var optimizer = ServerOptimizer.FedAdam(serverLearningRate: 0.1, beta1: 0.9, beta2: 0.99, tau: 1e-3);
        double[] global = [0.0, 1.0];

        // Round 1, Δ = [0.5, −0.2]: m = [0.05, −0.02], v = 0.99e-6 + 0.01·Δ² = [0.00250099, 0.00040099],
        // x = [0 + 0.1·0.05/(√0.00250099 + 0.001), 1 − 0.1·0.02/(√0.00040099 + 0.001)].
        optimizer.Step(global, [0.5, -0.2]);
        Near([0.1 * 0.05 / (Math.Sqrt(0.00250099) + 0.001), 1 - 0.1 * 0.02 / (Math.Sqrt(0.00040099) + 0.001)], global);
        Near([0.09802019012094845, 0.9048739483244113], global);

        // Round 2, Δ = [0.1, 0.3]: m = [0.055, 0.012], v = [0.0025759801, 0.0012969801].
        optimizer.Step(global, [0.1, 0.3]);
        Near([0.09802019012094845 + 0.1 * 0.055 / (Math.Sqrt(0.0025759801) + 0.001),
              0.9048739483244113 + 0.1 * 0.012 / (Math.Sqrt(0.0012969801) + 0.001)], global);
    }

    [Fact]
    public void Mismatched_or_non_finite_updates_are_refused()
    {
        var optimizer = ServerOptimizer.FedAdam();
        Assert.Throws<ArgumentException>(() => optimizer.Step(new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => optimizer.Step(new double[1], [double.NaN]));
        optimizer.Step(new double[2], new double[2]);
        Assert.Throws<ArgumentException>(() => optimizer.Step(new double[3], new double[3]));
        Assert.Throws<ArgumentException>(() => ServerOptimizer.FedAvgM(momentum: 1.0));
    }
}
