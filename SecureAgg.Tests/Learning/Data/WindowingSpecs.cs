using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>Windows of 128 with step 64, strictly inside each labelled segment, checked on position-encoding signals.</summary>
public sealed class WindowingSpecs
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(127, 0)]
    [InlineData(128, 1)]
    [InlineData(191, 1)]
    [InlineData(192, 2)]
    [InlineData(255, 2)]
    [InlineData(256, 3)]
    [InlineData(1000, 14)]
    public void CountWindows_PerSegmentLength(int length, int expected)
    {
        Assert.Equal(expected, Windowing.CountWindows(length));

        var recording = Synthetic(experiment: 1, rows: length + 20);
        var windows = length == 0 ? [] : Windowing.Slide(recording, new LabelledSegment(1, 7, 3, 11, 10 + length)).ToArray();
        Assert.Equal(expected, windows.Length);
    }

    [Fact]
    public void Windows_StartEvery64Rows_OverlapByHalf_AndCarryExactSamples()
    {
        var recording = Synthetic(experiment: 4, rows: 600);
        var segment = new LabelledSegment(4, 9, 1, 50, 400);
        var windows = Windowing.Slide(recording, segment).ToArray();

        Assert.Equal([50, 114, 178, 242], windows.Select(w => w.Start));
        foreach (var w in windows)
        {
            Assert.Equal((9, 1, 4), (w.Subject!.Value, w.Activity, w.Experiment!.Value));
            for (var c = 0; c < Window.ChannelCount; c++)
            {
                var channel = w.Channel(c);
                for (var t = 0; t < Window.Length; t++)
                    Assert.Equal(SyntheticHapt.Value(4, c, w.Start + t), channel[t]);
            }
        }
        for (var k = 1; k < windows.Length; k++)
        {
            for (var c = 0; c < Window.ChannelCount; c++)
                Assert.True(windows[k - 1].Channel(c)[Windowing.Step..].SequenceEqual(windows[k].Channel(c)[..Windowing.Step]));
        }
    }

    [Fact]
    public void Windows_NeverCrossSegmentBoundaries()
    {
        using var folder = new TempFolder();
        SyntheticHapt.WriteStandard(folder);
        var data = HaptDataset.Load(folder.Path);

        var windows = Windowing.Slide(data, includeTransitions: true);
        foreach (var w in windows)
        {
            var segment = Assert.Single(data.Segments, s => s.Experiment == w.Experiment && s.Start <= w.Start && w.Start <= s.End);
            Assert.Equal(segment.Activity, w.Activity);
            Assert.True(w.Start + Window.Length - 1 <= segment.End, $"window at {w.Start} runs past segment end {segment.End}");
            // AccX encodes the row, so the last sample proves where the window really ends.
            Assert.Equal(SyntheticHapt.Value(segment.Experiment, Window.AccX, w.Start + Window.Length - 1), w.Channel(Window.AccX)[^1]);
        }
        Assert.Equal(3 + 4 + 1 + 1, windows.Count);
    }

    [Fact]
    public void Transitions_AreLeftOutByDefault_AndKeptOnRequest()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 3, 1000)], "1 3 5 1 200", "1 3 8 201 460", "1 3 2 461 700");
        var data = HaptDataset.Load(folder.Path);

        Assert.Equal([5, 2], Windowing.Slide(data).Select(w => w.Activity).Distinct());
        Assert.Equal(2 + 3 + 2, Windowing.Slide(data, includeTransitions: true).Count);
        Assert.Contains(Windowing.Slide(data, includeTransitions: true), w => w.Activity == 8);
    }

    [Fact]
    public void SegmentOutsideTheRecording_IsRejected()
    {
        var recording = Synthetic(experiment: 1, rows: 300);
        Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Slide(recording, new LabelledSegment(1, 1, 1, 200, 301)));
        Assert.Throws<ArgumentException>(() => Windowing.Slide(recording, new LabelledSegment(2, 1, 1, 1, 200)));
    }

    [Fact]
    public void Window_RequiresSixChannelsOf128()
    {
        Assert.Throws<ArgumentException>(() => new Window(1, 1, 1, 1, new float[128]));
        Assert.Equal(768, new Window(1, 1, 1, 1, new float[768]).Samples.Length);
    }

    private static Recording Synthetic(int experiment, int rows)
    {
        float[] Channel(int c) => Enumerable.Range(1, rows).Select(r => SyntheticHapt.Value(experiment, c, r)).ToArray();
        return new Recording(experiment, 9,
            new SensorChannels(Channel(0), Channel(1), Channel(2)),
            new SensorChannels(Channel(3), Channel(4), Channel(5)));
    }
}
