namespace SecureAgg.Learning.Features;

/// <summary>
/// How <see cref="ButterworthLowPass.FilterZeroPhase"/> extends a window beyond its ends before filtering, so the
/// filter's start-up transient falls outside the window. Both keep a constant exactly.
/// </summary>
public enum EdgeExtension
{
    /// <summary>
    /// Point reflection about the end sample, 2·x₀ − xᵢ (scipy <c>filtfilt</c>'s default). Continues a linear trend
    /// smoothly, but an oscillation that ends away from its mean is mirrored into an offset of twice that distance,
    /// which a very low cutoff then reads as a level shift.
    /// </summary>
    Odd,

    /// <summary>
    /// Mirror reflection, xᵢ (numpy "reflect", end sample not repeated). Keeps an oscillation's level, so it suits
    /// the 0.3 Hz gravity estimate, where body motion of ±0.3 g would otherwise leak into gravity at the edges; a
    /// linear trend is folded into a V at the edges.
    /// </summary>
    Even,
}
