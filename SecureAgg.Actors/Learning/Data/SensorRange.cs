namespace SecureAgg.Learning.Data;

/// <summary>
/// The sensor values a data file may hold: |value| ≤ 100, for the accelerometer in g and the gyroscope in rad/s alike.
/// Smartphone accelerometers measure at most ±16 g and gyroscopes ±2000 °/s (35 rad/s); the HAPT recordings stay within
/// ±2.01 g (the Galaxy S II's range) and ±10.01 rad/s. A value past the bound (3e38, say) is a broken file, and it
/// would swamp the standardisation and the model's updates, so it is refused with its file and line.
/// </summary>
public static class SensorRange
{
    public const float MaxMagnitude = 100f;

    public const string Description = "±100 (g for the accelerometer, rad/s for the gyroscope)";
}
