using System.Diagnostics;
using SecAgg.Learning.Features;
using Xunit.Abstractions;

namespace SecAgg.Tests.Learning.Features;

public sealed class ThroughputTmp(ITestOutputHelper output)
{
    [Fact]
    public void Time12000()
    {
        var rng = new Random(1);
        var windows = Enumerable.Range(0, 12_000).Select(_ => SyntheticWindows.Walking(rng)).ToArray();
        var extractor = new FeatureExtractor();
        extractor.ExtractAll(windows.Take(200).ToArray());
        var sw = Stopwatch.StartNew();
        var single = new double[windows.Length][];
        for (var i = 0; i < windows.Length; i++) single[i] = extractor.Extract(windows[i]);
        var t1 = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var all = extractor.ExtractAll(windows);
        var t2 = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var z = Standardizer.Fit(all).ApplyAll(all);
        var t3 = sw.Elapsed.TotalSeconds;
        output.WriteLine($"single-thread {t1:F2}s ({windows.Length / t1:F0}/s), ExtractAll {t2:F2}s ({windows.Length / t2:F0}/s) on {Environment.ProcessorCount} cores, standardise {t3:F3}s, {z.Length}");
    }
}
