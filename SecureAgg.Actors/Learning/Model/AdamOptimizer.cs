namespace SecureAgg.Learning.Model;

/// <summary>
/// Adam (Kingma and Ba, 2015) with bias correction: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
/// θ ← θ − η·m̂/(√v̂ + ε) with m̂ = m/(1−β1^t), v̂ = v/(1−β2^t).
/// </summary>
public sealed class AdamOptimizer : IOptimizer
{
    private double[]? _m;
    private double[]? _v;
    private int _t;

    public AdamOptimizer(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(beta1 >= 0 && beta1 < 1))
            throw new ArgumentException($"β1 must be in [0, 1), got {beta1}.", nameof(beta1));
        if (!(beta2 >= 0 && beta2 < 1))
            throw new ArgumentException($"β2 must be in [0, 1), got {beta2}.", nameof(beta2));
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
            throw new ArgumentException($"ε must be finite and positive, got {epsilon}.", nameof(epsilon));
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
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
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    /// <summary>Steps taken so far (t in the bias correction).</summary>
    public int StepCount => _t;

    public void Step(double[] parameters, ReadOnlySpan<double> gradient)
    {
        OptimizerState.CheckLengths(parameters, gradient, _m);
        _m ??= new double[parameters.Length];
        _v ??= new double[parameters.Length];
        _t++;
        var correction1 = 1 - Math.Pow(Beta1, _t);
        var correction2 = 1 - Math.Pow(Beta2, _t);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
            _v[i] = Beta2 * _v[i] + (1 - Beta2) * g * g;
            parameters[i] -= LearningRate * (_m[i] / correction1) / (Math.Sqrt(_v[i] / correction2) + Epsilon);
        }
    }
}
