using System.Buffers;

namespace SecureAgg.Learning.Features;

/// <summary>
/// Digital Butterworth low-pass filter designed by the bilinear transform with a pre-warped cutoff, held as a cascade
/// of <see cref="BiquadSection"/>s each normalised to unit gain at 0 Hz. The digital magnitude response is exactly
/// |H(f)|² = 1 / (1 + (tan(πf/fs) / tan(πfc/fs))^(2·order)), so it is 1 at 0 Hz, 1/√2 at the cutoff and 0 at Nyquist.
/// UCI HAR used a 3rd-order Butterworth at 0.3 Hz for the gravity/body split and at 20 Hz against noise.
/// Immutable and thread-safe.
/// </summary>
public sealed class ButterworthLowPass
{
    private readonly BiquadSection[] _sections;

    public ButterworthLowPass(int order, double cutoffHz, double sampleRateHz)
    {
        if (order is < 1 or > 12)
            throw new ArgumentOutOfRangeException(nameof(order), order, "Butterworth order must be 1..12.");
        if (!(sampleRateHz > 0) || !double.IsFinite(sampleRateHz))
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "Sample rate must be positive.");
        if (!(cutoffHz > 0) || !(cutoffHz < sampleRateHz / 2))
            throw new ArgumentOutOfRangeException(nameof(cutoffHz), cutoffHz, $"Cutoff must lie strictly between 0 and Nyquist ({sampleRateHz / 2} Hz).");
        Order = order;
        CutoffHz = cutoffHz;
        SampleRateHz = sampleRateHz;
        _sections = Design(order, Math.Tan(Math.PI * cutoffHz / sampleRateHz));
        SettlingSamples = Settling(_sections);
    }

    public int Order { get; }
    public double CutoffHz { get; }
    public double SampleRateHz { get; }
    public IReadOnlyList<BiquadSection> Sections => _sections;

    /// <summary>
    /// Samples for a start-up transient to decay below 1e-9 of its size, from the slowest pole radius ρ:
    /// ln(1e-9) / ln ρ. About 1,100 at 0.3 Hz / 50 Hz (so a 128-sample window is padded by its full length), 69 at 20 Hz / 50 Hz.
    /// </summary>
    public int SettlingSamples { get; }

    /// <summary>|H(f)| evaluated from the sections (used by tests to check the design against the closed form).</summary>
    public double MagnitudeAt(double frequencyHz)
    {
        var w = 2 * Math.PI * frequencyHz / SampleRateHz;
        var z1 = System.Numerics.Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        var h = System.Numerics.Complex.One;
        foreach (var s in _sections)
            h *= (s.B0 + s.B1 * z1 + s.B2 * z2) / (1 + s.A1 * z1 + s.A2 * z2);
        return h.Magnitude;
    }

    /// <summary>Causal filtering, starting from the steady state of the first sample.</summary>
    public void Filter(ReadOnlySpan<double> input, Span<double> output)
    {
        CheckLengths(input, output);
        input.CopyTo(output);
        Cascade(output);
    }

    /// <summary>
    /// Zero-phase forward-backward filtering (scipy <c>filtfilt</c>): the magnitude response is squared and there is
    /// no delay, so a low-pass estimate stays aligned with the signal it is subtracted from. The window is padded on
    /// both sides by a reflection (<paramref name="extension"/>) of length min(n − 1, <see cref="SettlingSamples"/>):
    /// at 0.3 Hz the slowest pole decays with a time constant of ~1 s (~53 samples at 50 Hz), so the window gets the
    /// longest pad available, far longer than scipy's default of 3·order samples. Each pass also starts from the
    /// steady state of its first sample, so a constant input comes through unchanged. <paramref name="output"/> may be the same memory as
    /// <paramref name="input"/>.
    /// </summary>
    public void FilterZeroPhase(ReadOnlySpan<double> input, Span<double> output, EdgeExtension extension = EdgeExtension.Odd)
    {
        CheckLengths(input, output);
        var n = input.Length;
        if (n < 2)
        {
            input.CopyTo(output);
            return;
        }
        // Longer padding cannot help once the transient has died out, and costs time at a high cutoff.
        var pad = Math.Min(n - 1, SettlingSamples);
        var total = n + 2 * pad;
        var rented = ArrayPool<double>.Shared.Rent(total);
        try
        {
            var ext = rented.AsSpan(0, total);
            double first = input[0], last = input[n - 1];
            var odd = extension == EdgeExtension.Odd;
            for (var i = 0; i < pad; i++)
            {
                ext[i] = odd ? 2 * first - input[pad - i] : input[pad - i];
                ext[pad + n + i] = odd ? 2 * last - input[n - 2 - i] : input[n - 2 - i];
            }
            input.CopyTo(ext.Slice(pad, n));
            Cascade(ext);
            ext.Reverse();
            Cascade(ext);
            ext.Reverse();
            ext.Slice(pad, n).CopyTo(output);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private void Cascade(Span<double> signal)
    {
        // Each section starts in the steady state of the value it will first see, which is the cascade's first input
        // scaled by the DC gains so far (all 1 here, but kept general).
        var initial = signal[0];
        foreach (var section in _sections)
        {
            section.FilterInPlace(signal, initial);
            initial *= section.DcGain;
        }
    }

    private static int Settling(BiquadSection[] sections)
    {
        // Pole radius: √A2 for a complex pair (A1² < 4·A2), else the larger root of z² + A1 z + A2.
        var radius = 0.0;
        foreach (var s in sections)
        {
            var discriminant = s.A1 * s.A1 - 4 * s.A2;
            var r = discriminant < 0
                ? Math.Sqrt(s.A2)
                : (Math.Abs(s.A1) + Math.Sqrt(discriminant)) / 2;
            radius = Math.Max(radius, r);
        }
        return radius <= 0 ? 1 : (int)Math.Ceiling(Math.Log(1e-9) / Math.Log(radius));
    }

    private static void CheckLengths(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != output.Length)
            throw new ArgumentException($"Output length {output.Length} differs from input length {input.Length}.", nameof(output));
        if (input.Length == 0)
            throw new ArgumentException("Cannot filter an empty signal.", nameof(input));
    }

    /// <summary>
    /// Normalised analog Butterworth factors are s² + 2 sin((2k+1)π/(2N)) s + 1 (plus s + 1 for odd N). Substituting
    /// s = (1 − z⁻¹) / (K (1 + z⁻¹)) with K = tan(π fc / fs) maps the analog cutoff exactly onto fc.
    /// </summary>
    private static BiquadSection[] Design(int order, double k)
    {
        var sections = new BiquadSection[(order + 1) / 2];
        var k2 = k * k;
        for (var i = 0; i < order / 2; i++)
        {
            var q = 2 * Math.Sin((2 * i + 1) * Math.PI / (2 * order));
            var a0 = 1 + q * k + k2;
            var b0 = k2 / a0;
            sections[i] = new BiquadSection(b0, 2 * b0, b0, 2 * (k2 - 1) / a0, (1 - q * k + k2) / a0);
        }
        if (order % 2 == 1)
        {
            var b0 = k / (1 + k);
            sections[^1] = new BiquadSection(b0, b0, 0, (k - 1) / (k + 1), 0);
        }
        return sections;
    }
}
