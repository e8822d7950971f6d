using System.Globalization;
using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace SecureAgg.Learning.Features;

/// <summary>
/// Spectral features of one body signal from its FFT (MathNet, unscaled forward transform, rectangular window as in
/// UCI HAR). With Xₖ the one-sided spectrum, fₖ = k·fs/n for k = 0..⌊n/2⌋, output order is <see cref="Names"/>:
/// <list type="table">
/// <item><term>meanFreq</term><description>Σ fₖ|Xₖ| / Σ |Xₖ| over k ≥ 1 (Hz)</description></item>
/// <item><term>maxFreq</term><description>fₖ of the largest |Xₖ|, k ≥ 1, lowest k on ties (Hz); UCI's "maxInds"
/// expressed in Hz so it does not depend on the window length</description></item>
/// <item><term>skewness, kurtosis</term><description>third and fourth standardised moments (kurtosis not
/// excess) of frequency under the weights |Xₖ| / Σ|Xₖ|, k ≥ 1</description></item>
/// <item><term>bandEnergy-lo-hiHz</term><description>Σ wₖ|Xₖ|² / n² over lo ≤ fₖ &lt; hi (the last band includes
/// Nyquist), wₖ = 2 except 1 at DC and Nyquist; by Parseval the bands add up to the mean of squares</description></item>
/// </list>
/// The shape statistics leave out the DC bin because it is the window mean, already a time-domain feature, and for
/// magnitude signals it would swamp the movement rhythm; they are 0 when the signal is numerically constant.
/// Bands are narrower at low frequency, where gait (~1–2.5 Hz steps) and posture live; with n = 32 each band still
/// holds at least one bin.
/// </summary>
public static class FrequencyDomainStatistics
{
    /// <summary>Band edges in Hz; band b is [edges[b], edges[b + 1]).</summary>
    public static IReadOnlyList<double> BandEdgesHz { get; } = [0.0, 1.0, 2.0, 3.5, 5.5, 10.0, 25.0];

    public static IReadOnlyList<string> Names { get; } = BuildNames();

    public static int Count => Names.Count;

    /// <summary>Offset of the first band energy within <see cref="Names"/>.</summary>
    public const int FirstBandIndex = 4;

    public static int BandCount => BandEdgesHz.Count - 1;

    /// <summary>Allocating convenience overload; the extractor reuses one workspace per window.</summary>
    public static void Compute(ReadOnlySpan<double> signal, double sampleRateHz, Span<double> destination) =>
        Compute(signal, sampleRateHz, destination, new Complex[signal.Length]);

    /// <summary>
    /// Writes the <see cref="Count"/> statistics to <paramref name="destination"/>, using
    /// <paramref name="workspace"/> (length = signal length) for the transform.
    /// </summary>
    public static void Compute(ReadOnlySpan<double> signal, double sampleRateHz, Span<double> destination, Complex[] workspace)
    {
        var n = signal.Length;
        if (n < 4)
            throw new ArgumentException("Frequency-domain statistics need at least 4 samples.", nameof(signal));
        if (workspace.Length != n)
            throw new ArgumentException($"Workspace length {workspace.Length} must equal the signal length {n}.", nameof(workspace));
        if (destination.Length < Count)
            throw new ArgumentException($"Destination needs room for {Count} statistics.", nameof(destination));

        for (var i = 0; i < n; i++)
            workspace[i] = new Complex(signal[i], 0);
        Fourier.Forward(workspace, FourierOptions.Matlab);

        var half = n / 2;
        var binHz = sampleRateHz / n;
        var invN2 = 1.0 / ((double)n * n);
        var bands = destination.Slice(FirstBandIndex, BandCount);
        bands.Clear();

        double magnitudeSum = 0, weightedFreq = 0, acEnergy = 0, bestMagnitude = -1;
        var bestBin = 0;
        var band = 0;
        for (var k = 0; k <= half; k++)
        {
            var power = workspace[k].Real * workspace[k].Real + workspace[k].Imaginary * workspace[k].Imaginary;
            var weight = k == 0 || 2 * k == n ? 1.0 : 2.0;
            var f = k * binHz;
            while (band < BandCount - 1 && f >= BandEdgesHz[band + 1])
                band++;
            bands[band] += weight * power * invN2;
            if (k == 0)
                continue;
            acEnergy += weight * power * invN2;
            var magnitude = Math.Sqrt(power);
            magnitudeSum += magnitude;
            weightedFreq += f * magnitude;
            if (magnitude > bestMagnitude)
            {
                bestMagnitude = magnitude;
                bestBin = k;
            }
        }

        var mean = workspace[0].Real / n;
        if (TimeDomainStatistics.IsDegenerate(Math.Sqrt(acEnergy), mean) || magnitudeSum <= 0)
        {
            destination[..FirstBandIndex].Clear();
            return;
        }

        var meanFreq = weightedFreq / magnitudeSum;
        double m2 = 0, m3 = 0, m4 = 0;
        for (var k = 1; k <= half; k++)
        {
            var p = workspace[k].Magnitude / magnitudeSum;
            var d = k * binHz - meanFreq;
            var d2 = d * d;
            m2 += p * d2;
            m3 += p * d2 * d;
            m4 += p * d2 * d2;
        }
        destination[0] = meanFreq;
        destination[1] = bestBin * binHz;
        // A single non-zero bin has no spread; its shape is then undefined and reported as 0.
        var spreadless = m2 <= 1e-12 * binHz * binHz;
        destination[2] = spreadless ? 0 : m3 / (m2 * Math.Sqrt(m2));
        destination[3] = spreadless ? 0 : m4 / (m2 * m2);
    }

    private static string[] BuildNames()
    {
        var names = new List<string> { "meanFreq", "maxFreq", "skewness", "kurtosis" };
        for (var b = 0; b < BandEdgesHz.Count - 1; b++)
            names.Add(string.Create(CultureInfo.InvariantCulture, $"bandEnergy-{BandEdgesHz[b]}-{BandEdgesHz[b + 1]}Hz"));
        return [.. names];
    }
}
