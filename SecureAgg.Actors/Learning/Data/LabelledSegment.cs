namespace SecureAgg.Learning.Data;

/// <summary>
/// One row of RawData/labels.txt: an activity over rows <see cref="Start"/>..<see cref="End"/> (1-based, inclusive)
/// of the experiment's acc and gyro files. Rows outside every segment are unlabelled.
/// </summary>
public sealed record LabelledSegment(int Experiment, int Subject, int Activity, int Start, int End)
{
    public int Length => End - Start + 1;
}
