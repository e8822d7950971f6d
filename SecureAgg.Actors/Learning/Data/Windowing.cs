namespace SecureAgg.Learning.Data;

/// <summary>
/// Cuts labelled segments into windows of 128 samples with 50% overlap (step 64), as in UCI HAR. A window lies strictly
/// inside one segment: it never spans two activities or unlabelled rows, and a segment shorter than 128 rows gives none.
/// </summary>
public static class Windowing
{
    public const int Step = Window.Length / 2;

    /// <summary>Windows a segment of this many rows yields.</summary>
    public static int CountWindows(int segmentLength) =>
        segmentLength < Window.Length ? 0 : (segmentLength - Window.Length) / Step + 1;

    /// <summary>
    /// All windows of the data set, in labels.txt order. Activities 1–6 only unless <paramref name="includeTransitions"/>
    /// (then also the postural transitions 7–12).
    /// </summary>
    public static IReadOnlyList<Window> Slide(HaptDataset data, bool includeTransitions = false)
    {
        var windows = new List<Window>();
        foreach (var segment in data.Segments)
        {
            if (includeTransitions || !Activities.IsTransition(segment.Activity))
                windows.AddRange(Slide(data.RecordingOf(segment.Experiment), segment));
        }
        return windows;
    }

    /// <summary>The windows of one segment; its rows must lie inside the recording.</summary>
    public static IEnumerable<Window> Slide(Recording recording, LabelledSegment segment)
    {
        if (segment.Experiment != recording.Experiment)
            throw new ArgumentException($"segment of experiment {segment.Experiment} applied to recording {recording.Experiment}");
        if (segment.Start < 1 || segment.End > recording.Length || segment.End < segment.Start)
            throw new ArgumentOutOfRangeException(nameof(segment), $"rows {segment.Start}..{segment.End} are not inside 1..{recording.Length}");
        return Cut(recording, segment);
    }

    // Separate from Slide so the argument checks above run at the call, not at the first MoveNext.
    private static IEnumerable<Window> Cut(Recording recording, LabelledSegment segment)
    {
        float[][] channels = [recording.Acc.X, recording.Acc.Y, recording.Acc.Z, recording.Gyro.X, recording.Gyro.Y, recording.Gyro.Z];
        for (var start = segment.Start; start + Window.Length - 1 <= segment.End; start += Step)
        {
            var samples = new float[Window.ChannelCount * Window.Length];
            for (var c = 0; c < Window.ChannelCount; c++)
                Array.Copy(channels[c], start - 1, samples, c * Window.Length, Window.Length);
            yield return new Window(recording.Subject, segment.Activity, recording.Experiment, start, samples);
        }
    }
}
