using BenchmarkDotNet.Attributes;

namespace SecureAgg.Benchmarks;

/// <summary>Adds the GB/s and Mwords/s columns (see <see cref="ThroughputColumn"/>) to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ThroughputColumnsAttribute() : ColumnConfigBaseAttribute(new ThroughputColumn(gigabytesPerSecond: true), new ThroughputColumn(gigabytesPerSecond: false));
