namespace SecureAgg.Learning.Features;

/// <summary>
/// A 3-axis signal group (device x, y, z) with its Euclidean norm per sample. The norm is orientation-free, which is
/// what makes the magnitude features robust to how the phone sits on the waist. Read-only views.
/// </summary>
public sealed record TriaxialSignal(ReadOnlyMemory<double> X, ReadOnlyMemory<double> Y, ReadOnlyMemory<double> Z, ReadOnlyMemory<double> Magnitude)
{
    public int Length => X.Length;

    /// <summary>Axis by index 0 = X, 1 = Y, 2 = Z, 3 = Magnitude.</summary>
    public ReadOnlySpan<double> Component(int index) => index switch
    {
        0 => X.Span,
        1 => Y.Span,
        2 => Z.Span,
        3 => Magnitude.Span,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "Component index must be 0..3 (X, Y, Z, Magnitude)."),
    };
}
