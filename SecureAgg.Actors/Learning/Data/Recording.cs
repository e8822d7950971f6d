namespace SecureAgg.Learning.Data;

/// <summary>
/// One HAPT experiment (a recording session of one subject): time-aligned accelerometer (g, with gravity) and gyroscope
/// (rad/s) samples at 50 Hz. Sample i (0-based) is row i + 1 of acc_expXX_userYY.txt and gyro_expXX_userYY.txt.
/// </summary>
public sealed record Recording
{
    public Recording(int experiment, int subject, SensorChannels acc, SensorChannels gyro)
    {
        if (acc.Length != gyro.Length)
            throw new ArgumentException($"acc has {acc.Length} samples but gyro has {gyro.Length}");
        Experiment = experiment;
        Subject = subject;
        Acc = acc;
        Gyro = gyro;
    }

    public int Experiment { get; }
    public int Subject { get; }
    public SensorChannels Acc { get; }
    public SensorChannels Gyro { get; }

    public int Length => Acc.Length;
}
