using System.Globalization;
using System.Text;
using SecureAgg.Learning.Data;
using SecureAgg.Tests.Learning.Data;

namespace SecureAgg.Tests.Learning.Prediction;

/// <summary>
/// Generated recordings that a model can learn from, per activity its own phone tilt and its own oscillation
/// (walking strongly, at a faster pace each kind; the postures barely), plus seeded noise. <see cref="Write"/>: the
/// HAPT raw layout, one experiment per subject, in it one 400-row segment of each basic activity (5 windows each).
/// <see cref="WriteUciHar"/>: the UCI HAR layout, two windows of each activity per subject. Subjects 2 and 4 are test
/// subjects of the UCI HAR split, 1 and 3 training subjects.
/// </summary>
public static class SyntheticRecordings
{
    public const int SegmentRows = 400;
    public static readonly int[] Subjects = [1, 2, 3, 4];

    /// <summary>Windows per subject in the HAPT layout: 6 activities × 5.</summary>
    public static int WindowsPerSubject => Activities.BasicCount * Windowing.CountWindows(SegmentRows);

    public static void Write(TempFolder folder, int seed = 7)
    {
        var random = new Random(seed);
        var labels = new StringBuilder();
        foreach (var subject in Subjects)
        {
            var experiment = subject;
            var acc = new StringBuilder();
            var gyro = new StringBuilder();
            for (var row = 0; row < Activities.BasicCount * SegmentRows; row++)
            {
                var sample = Sample(row / SegmentRows + 1, row, random);
                acc.Append(CultureInfo.InvariantCulture, $"{sample[0]:R} {sample[1]:R} {sample[2]:R}\n");
                gyro.Append(CultureInfo.InvariantCulture, $"{sample[3]:R} {sample[4]:R} {sample[5]:R}\n");
            }
            folder.Write($"RawData/{HaptDataset.SignalFileNameFor("acc", experiment, subject)}", acc.ToString());
            folder.Write($"RawData/{HaptDataset.SignalFileNameFor("gyro", experiment, subject)}", gyro.ToString());
            for (var activity = 1; activity <= Activities.BasicCount; activity++)
                labels.Append(CultureInfo.InvariantCulture, $"{experiment} {subject} {activity} {(activity - 1) * SegmentRows + 1} {activity * SegmentRows}\n");
        }
        folder.Write("RawData/labels.txt", labels.ToString());
    }

    /// <summary>The UCI HAR layout: train/ holds subjects 1 and 3, test/ subjects 2 and 4, with subject files or without.</summary>
    public static void WriteUciHar(TempFolder folder, bool withSubjects, int seed = 7)
    {
        var random = new Random(seed);
        string[] signals = ["total_acc_x", "total_acc_y", "total_acc_z", "body_gyro_x", "body_gyro_y", "body_gyro_z"];
        foreach (var (split, subjects) in new[] { ("train", new[] { 1, 3 }), ("test", new[] { 2, 4 }) })
        {
            var files = signals.Select(_ => new StringBuilder()).ToArray();
            var labels = new StringBuilder();
            var subjectLines = new StringBuilder();
            foreach (var subject in subjects)
                for (var activity = 1; activity <= Activities.BasicCount; activity++)
                    for (var window = 0; window < 2; window++)
                    {
                        var samples = Enumerable.Range(0, Window.Length).Select(t => Sample(activity, window * Window.Length + t, random)).ToArray();
                        for (var c = 0; c < signals.Length; c++)
                            files[c].AppendJoin(' ', samples.Select(s => s[c].ToString("R", CultureInfo.InvariantCulture))).Append('\n');
                        labels.Append(CultureInfo.InvariantCulture, $"{activity}\n");
                        subjectLines.Append(CultureInfo.InvariantCulture, $"{subject}\n");
                    }
            for (var c = 0; c < signals.Length; c++)
                folder.Write($"{split}/{UciHarDataset.InertialSignalsFolder}/{signals[c]}_{split}.txt", files[c].ToString());
            folder.Write($"{split}/y_{split}.txt", labels.ToString());
            if (withSubjects)
                folder.Write($"{split}/subject_{split}.txt", subjectLines.ToString());
        }
    }

    /// <summary>acc x, y, z (g) and gyro x, y, z (rad/s) of an activity at a row.</summary>
    private static float[] Sample(int activity, int row, Random random)
    {
        var tilt = 0.35 * activity;
        var amplitude = activity <= 3 ? 0.25 + 0.1 * activity : 0.02;
        var phase = 2 * Math.PI * (1.2 + 0.4 * activity) * row / 50.0;
        double Noise() => 0.03 * (random.NextDouble() - 0.5);
        return
        [
            (float)(Math.Cos(tilt) + amplitude * Math.Sin(phase) + Noise()), (float)(Math.Sin(tilt) + Noise()),
            (float)(0.1 + 0.5 * amplitude * Math.Cos(phase) + Noise()),
            (float)(amplitude * Math.Cos(phase) + Noise()), (float)(0.3 * amplitude * Math.Sin(2 * phase) + Noise()), (float)Noise(),
        ];
    }
}
