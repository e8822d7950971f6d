namespace SecureAgg.Learning.Data;

/// <summary>
/// One 3-axis sensor over a whole recording, one array per axis (index 0 is file row 1). Separate arrays keep a
/// window's per-channel slice a single contiguous copy.
/// </summary>
public sealed record SensorChannels
{
    public SensorChannels(float[] x, float[] y, float[] z)
    {
        if (y.Length != x.Length || z.Length != x.Length)
            throw new ArgumentException($"axes differ in length: x {x.Length}, y {y.Length}, z {z.Length}");
        X = x;
        Y = y;
        Z = z;
    }

    public float[] X { get; }
    public float[] Y { get; }
    public float[] Z { get; }

    public int Length => X.Length;
}
