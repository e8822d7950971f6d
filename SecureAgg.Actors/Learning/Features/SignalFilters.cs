namespace SecureAgg.Learning.Features;

/// <summary>
/// The UCI HAR pre-processing (Anguita et al. 2013) applied to a single window:
/// <list type="number">
/// <item>optional noise low-pass: 3rd-order Butterworth at <see cref="NoiseCutoffHz"/> on all six raw channels
/// (UCI also ran a median filter first; it is left out to keep the pre-processing linear and cheap, a median costing
/// a sort per sample; put one in front if a data set shows isolated spikes);</item>
/// <item>gravity split: gravity = 3rd-order Butterworth at <see cref="GravityCutoffHz"/> of total acceleration,
/// body = total − gravity; the gyroscope has no gravity component, so body gyro is the (noise-filtered) gyro;</item>
/// <item>jerk = d/dt of body acc and body gyro (central differences × sample rate);</item>
/// <item>magnitude = Euclidean norm of each 3-axis group.</item>
/// </list>
/// All filtering is zero-phase (<see cref="ButterworthLowPass.FilterZeroPhase"/>) so the gravity estimate is not
/// delayed against the signal it is subtracted from. UCI filtered the continuous recording before windowing; here
/// only the window is available, so the gravity filter pads with a mirror (<see cref="EdgeExtension.Even"/>) image of
/// the window: a point reflection would turn the phase at which the gait oscillation happens to end into a
/// ±2·amplitude level shift that the 0.3 Hz filter reads as gravity (measured on 0.3 g at 3 Hz: 0.20 g error at the
/// edges with odd padding, 0.02 g with even). The 20 Hz noise filter, whose transients fade within a few samples,
/// uses <see cref="EdgeExtension.Odd"/>, which keeps slopes (and so the jerk) intact at the edges. Even so, the
/// first and last ~0.5 s of the gravity estimate are less certain than the middle. Immutable and thread-safe.
/// </summary>
public sealed class SignalFilters
{
    public const int FilterOrder = 3;
    public const double GravityCutoffHz = 0.3;
    public const double NoiseCutoffHz = 20.0;

    /// <summary>The UCI HAR pipeline with the noise filter on.</summary>
    public static SignalFilters Default { get; } = new(applyNoiseFilter: true);

    private readonly ButterworthLowPass _gravity = new(FilterOrder, GravityCutoffHz, SensorWindow.SampleRateHz);
    private readonly ButterworthLowPass? _noise;

    public SignalFilters(bool applyNoiseFilter)
    {
        _noise = applyNoiseFilter ? new ButterworthLowPass(FilterOrder, NoiseCutoffHz, SensorWindow.SampleRateHz) : null;
    }

    public bool AppliesNoiseFilter => _noise is not null;

    /// <summary>Derives the 5 signal groups (20 signals) of one window. One allocation holds all of them.</summary>
    public DerivedSignals Derive(SensorWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var n = window.Length;
        // Layout of the backing buffer, n samples per slot: body acc xyz|m, gravity xyz|m, acc jerk xyz|m,
        // gyro xyz|m, gyro jerk xyz|m.
        var buffer = new double[20 * n];
        Memory<double> Slot(int i) => buffer.AsMemory(i * n, n);

        Span<double> total = n <= 1024 ? stackalloc double[n] : new double[n];
        for (var axis = 0; axis < 3; axis++)
        {
            Load(window.Channel(axis).Span, total);
            var body = Slot(axis).Span;
            var gravity = Slot(4 + axis).Span;
            SplitGravity(total, gravity, body);
            Jerk(body, SensorWindow.SampleRateHz, Slot(8 + axis).Span);

            var gyro = Slot(12 + axis).Span;
            Load(window.Channel(3 + axis).Span, gyro);
            _noise?.FilterZeroPhase(gyro, gyro, EdgeExtension.Odd);
            Jerk(gyro, SensorWindow.SampleRateHz, Slot(16 + axis).Span);
        }

        var groups = new TriaxialSignal[5];
        for (var g = 0; g < 5; g++)
        {
            var b = 4 * g;
            Magnitude(Slot(b).Span, Slot(b + 1).Span, Slot(b + 2).Span, Slot(b + 3).Span);
            groups[g] = new TriaxialSignal(Slot(b), Slot(b + 1), Slot(b + 2), Slot(b + 3));
        }
        return new DerivedSignals(groups[0], groups[1], groups[2], groups[3], groups[4]);
    }

    /// <summary>
    /// Splits one axis of total acceleration into gravity (slow part) and body (the rest), after the optional noise
    /// filter. <paramref name="gravity"/> + <paramref name="body"/> equals the noise-filtered input.
    /// </summary>
    public void SplitGravity(ReadOnlySpan<double> totalAcc, Span<double> gravity, Span<double> body)
    {
        if (gravity.Length != totalAcc.Length || body.Length != totalAcc.Length)
            throw new ArgumentException("Gravity and body outputs must have the input's length.");
        Span<double> clean = totalAcc.Length <= 1024 ? stackalloc double[totalAcc.Length] : new double[totalAcc.Length];
        if (_noise is null)
            totalAcc.CopyTo(clean);
        else
            _noise.FilterZeroPhase(totalAcc, clean, EdgeExtension.Odd);
        _gravity.FilterZeroPhase(clean, gravity, EdgeExtension.Even);
        for (var i = 0; i < clean.Length; i++)
            body[i] = clean[i] - gravity[i];
    }

    /// <summary>
    /// Time derivative in units per second: central differences inside, one-sided at the two ends (numpy
    /// <c>gradient</c>). Central rather than forward differences so the jerk is not shifted half a sample against the
    /// signal; the output keeps the input's length. A linear ramp of slope s per sample gives s × rate everywhere.
    /// </summary>
    public static void Jerk(ReadOnlySpan<double> signal, double sampleRateHz, Span<double> output)
    {
        var n = signal.Length;
        if (n < 2)
            throw new ArgumentException("A derivative needs at least 2 samples.", nameof(signal));
        if (output.Length != n)
            throw new ArgumentException($"Output length {output.Length} differs from input length {n}.", nameof(output));
        if (output.Overlaps(signal))
            throw new ArgumentException("Output must not overlap the input.", nameof(output));
        output[0] = (signal[1] - signal[0]) * sampleRateHz;
        output[n - 1] = (signal[n - 1] - signal[n - 2]) * sampleRateHz;
        var half = 0.5 * sampleRateHz;
        for (var i = 1; i < n - 1; i++)
            output[i] = (signal[i + 1] - signal[i - 1]) * half;
    }

    /// <summary>Per-sample Euclidean norm √(x² + y² + z²).</summary>
    public static void Magnitude(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output)
    {
        var n = x.Length;
        if (y.Length != n || z.Length != n || output.Length != n)
            throw new ArgumentException("x, y, z and output must have the same length.");
        for (var i = 0; i < n; i++)
            output[i] = Math.Sqrt(x[i] * x[i] + y[i] * y[i] + z[i] * z[i]);
    }

    private static void Load(ReadOnlySpan<float> source, Span<double> destination)
    {
        for (var i = 0; i < source.Length; i++)
            destination[i] = source[i];
    }
}
