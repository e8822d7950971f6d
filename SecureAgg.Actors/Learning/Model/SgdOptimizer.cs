namespace SecureAgg.Learning.Model;

/// <summary>
/// Stochastic gradient descent with heavy-ball momentum in the PyTorch form: v ← μ·v + g, θ ← θ − η·v
/// (μ = 0 is plain SGD).
/// </summary>
public sealed class SgdOptimizer : IOptimizer
{
    private double[]? _velocity;

    public SgdOptimizer(double learningRate, double momentum = 0)
    {
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentException($"Momentum must be in [0, 1), got {momentum}.", nameof(momentum));
        LearningRate = learningRate;
        Momentum = momentum;
    }

    /// <summary>Settable between steps (a schedule); the moments are kept.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = value > 0 && !double.IsInfinity(value)
            ? value
            : throw new ArgumentException($"Learning rate must be finite and positive, got {value}.", nameof(value));
    }

    private double _learningRate;
    public double Momentum { get; }

    public void Step(double[] parameters, ReadOnlySpan<double> gradient)
    {
        OptimizerState.CheckLengths(parameters, gradient, _velocity);
        if (Momentum == 0)
        {
            for (var i = 0; i < parameters.Length; i++)
                parameters[i] -= LearningRate * gradient[i];
            return;
        }
        _velocity ??= new double[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            _velocity[i] = Momentum * _velocity[i] + gradient[i];
            parameters[i] -= LearningRate * _velocity[i];
        }
    }
}
