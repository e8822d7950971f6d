namespace SecureAgg.Learning.Model;

/// <summary>Shared argument checks for the stateful optimisers (client and server side).</summary>
internal static class OptimizerState
{
    /// <summary>
    /// The gradient must match the parameters, and once state exists its length too: a silently reused optimiser on a
    /// different model would otherwise mix unrelated moments.
    /// </summary>
    public static void CheckLengths(double[] parameters, ReadOnlySpan<double> step, double[]? state)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (step.Length != parameters.Length)
            throw new ArgumentException($"The step vector has {step.Length} entries, the parameter vector {parameters.Length}.");
        if (state is not null && state.Length != parameters.Length)
            throw new ArgumentException($"This optimiser holds state for {state.Length} parameters, not {parameters.Length}; use a new instance per model.");
    }
}
