using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SecureAgg.Benchmarks;

/// <summary>
/// Throughput read off the mean time of one operation: bytes / mean-ns = GB/s (10^9 bytes per second), and
/// words / mean-ns × 1000 = Mwords/s. Bytes = <c>Words</c> parameter × <see cref="BytesPerWordAttribute"/> of the
/// method; benchmarks without the attribute or the parameter show "-".
/// </summary>
public sealed class ThroughputColumn(bool gigabytesPerSecond) : IColumn
{
    public const string WordsParameter = "Words";

    public string Id => nameof(ThroughputColumn) + (gigabytesPerSecond ? ".GBps" : ".Mwps");

    public string ColumnName => gigabytesPerSecond ? "GB/s" : "Mwords/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => gigabytesPerSecond ? 0 : 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => gigabytesPerSecond
        ? "Bytes of mask (words × bytes per word) per second of mean time, in units of 10^9 bytes"
        : "Words per second of mean time, in millions";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytesPerWord = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerWordAttribute>()?.Bytes;
        var words = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == WordsParameter)?.Value as int?;
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (bytesPerWord is null || words is null || meanNs is not > 0)
            return "-";
        var value = gigabytesPerSecond
            ? (double)words.Value * bytesPerWord.Value / meanNs.Value
            : (double)words.Value / meanNs.Value * 1000.0;
        return value.ToString("N2", style.CultureInfo ?? CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}
