namespace SecureAgg.Learning.Features;

/// <summary>
/// The UCI HAR time-domain signals derived from one <see cref="SensorWindow"/> by <see cref="SignalFilters"/>:
/// body and gravity acceleration (g), body angular velocity (rad/s), and the jerk (time derivative) of body
/// acceleration (g/s) and angular velocity (rad/s²), each with x, y, z and magnitude.
/// </summary>
public sealed record DerivedSignals(
    TriaxialSignal BodyAcc,
    TriaxialSignal GravityAcc,
    TriaxialSignal BodyAccJerk,
    TriaxialSignal BodyGyro,
    TriaxialSignal BodyGyroJerk)
{
    public int Length => BodyAcc.Length;
}
