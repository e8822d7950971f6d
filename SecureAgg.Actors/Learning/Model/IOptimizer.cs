namespace SecureAgg.Learning.Model;

/// <summary>
/// A first-order optimiser over the model's flat parameter vector. Optimisers keep state (momentum, moments) sized to
/// the first vector they see, so use one instance per training run and per model.
/// </summary>
public interface IOptimizer
{
    /// <summary>The step size; a schedule may change it between steps.</summary>
    double LearningRate { get; set; }

    /// <summary>One descent step: updates <paramref name="parameters"/> in place from <paramref name="gradient"/>.</summary>
    void Step(double[] parameters, ReadOnlySpan<double> gradient);
}
