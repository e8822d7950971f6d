using System.Diagnostics;
using SecAgg.Learning.Features;
using Xunit.Abstractions;

namespace SecAgg.Tests.Learning.Features;

public sealed class ProfileTmp(ITestOutputHelper output)
{
    [Fact]
    public void Parts()
    {
        var rng = new Random(1);
        var windows = Enumerable.Range(0, 3000).Select(_ => SyntheticWindows.Walking(rng)).ToArray();
        var fx = new FeatureExtractor();
        var dst = new double[FeatureExtractor.FeatureCount];
        for (var rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var w in windows) fx.Extract(w, dst);
            var tDistinct = sw.Elapsed.TotalMilliseconds * 1000 / windows.Length; sw.Restart();
            foreach (var w in windows) SignalFilters.Default.Derive(w);
            var tDerive = sw.Elapsed.TotalMilliseconds * 1000 / windows.Length; sw.Restart();
            for (var i = 0; i < windows.Length; i++) fx.Extract(windows[0], dst);
            var tSame = sw.Elapsed.TotalMilliseconds * 1000 / windows.Length;
            output.WriteLine($"distinct {tDistinct:F1}us derive {tDerive:F1}us same {tSame:F1}us gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)} server {System.Runtime.GCSettings.IsServerGC}");
        }
    }
}
