namespace SecureAgg.Learning.Features;

/// <summary>
/// One second-order IIR section, a0 normalised to 1:
/// H(z) = (B0 + B1 z⁻¹ + B2 z⁻²) / (1 + A1 z⁻¹ + A2 z⁻²). A first-order section has B2 = A2 = 0.
/// Higher-order filters are cascades of these because a direct-form polynomial at a 0.3 Hz / 50 Hz cutoff has
/// poles packed so close to z = 1 that rounding in its coefficients visibly moves them.
/// </summary>
public readonly record struct BiquadSection(double B0, double B1, double B2, double A1, double A2)
{
    /// <summary>Gain at 0 Hz, H(1).</summary>
    public double DcGain => (B0 + B1 + B2) / (1.0 + A1 + A2);

    /// <summary>
    /// Filters <paramref name="signal"/> in place (transposed direct form II), starting from the steady state for a
    /// constant input equal to <paramref name="initialInput"/>, so a constant signal passes without a start-up
    /// transient (scipy's <c>lfilter_zi</c> idea).
    /// </summary>
    public void FilterInPlace(Span<double> signal, double initialInput)
    {
        var steadyOutput = DcGain * initialInput;
        var s2 = B2 * initialInput - A2 * steadyOutput;
        var s1 = B1 * initialInput - A1 * steadyOutput + s2;
        for (var i = 0; i < signal.Length; i++)
        {
            var x = signal[i];
            var y = B0 * x + s1;
            s1 = B1 * x - A1 * y + s2;
            s2 = B2 * x - A2 * y;
            signal[i] = y;
        }
    }
}
