using System.Diagnostics;
using SecureAgg.Learning.Data;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>The one test on the real data: the totals that SOURCE.md states, the window counts, and the load time.</summary>
public sealed class RealHaptDataSpecs(ITestOutputHelper output)
{
    [RealHaptDataFact]
    public void RealData_MatchesSourceTotals_AndYieldsTheWindowCounts()
    {
        var folder = RealHaptDataFactAttribute.Folder!;
        var clock = Stopwatch.StartNew();
        var data = HaptDataset.Load(folder);
        var loadTime = clock.Elapsed;

        Assert.Equal(61, data.Recordings.Count);
        Assert.Equal(30, data.Recordings.Select(r => r.Subject).Distinct().Count());
        Assert.Equal(1_122_772, data.TotalRows);
        Assert.Equal(1_214, data.Segments.Count);
        Assert.Equal(815_614, data.LabelledSamples);
        Assert.Equal(0.9180555898766518f, data.RecordingOf(1).Acc.X[0]);

        clock.Restart();
        var windows = Windowing.Slide(data);
        var split = SubjectSplit.Split(windows);
        var clients = SubjectSplit.BySubject(split.Train);
        var windowTime = clock.Elapsed;
        var withTransitions = Windowing.Slide(data, includeTransitions: true).Count;

        Assert.Equal(7_415, split.Train.Count);
        Assert.Equal(2_996, split.Test.Count);
        Assert.Equal(10_929, withTransitions);
        Assert.Equal(21, clients.Count);
        Assert.All(windows, w => Assert.InRange(w.Activity, 1, 6));

        clock.Restart();
        Assert.Empty(HaptChecksums.FindMismatches(folder));
        var hashTime = clock.Elapsed;

        output.WriteLine($"{folder}: loaded {data.Recordings.Count} experiments, {data.TotalRows:N0} rows per sensor in {loadTime.TotalMilliseconds:F0} ms");
        output.WriteLine($"6-class windows: {windows.Count:N0} (train {split.Train.Count:N0}, test {split.Test.Count:N0}), " +
                         $"with transitions {withTransitions:N0}; windowing + split {windowTime.TotalMilliseconds:F0} ms");
        output.WriteLine($"train clients: {clients.Count}, windows per client {clients.Min(c => c.Windows.Count)}..{clients.Max(c => c.Windows.Count)}");
        output.WriteLine($"sha256 of {HaptChecksums.RawData.Count} files verified in {hashTime.TotalMilliseconds:F0} ms");
    }
}
