namespace SecureAgg.Benchmarks;

/// <summary>
/// Marks a benchmark method whose one operation processes <c>Words</c> words (the benchmark class's
/// <c>[Params] Words</c>) of <see cref="Bytes"/> bytes each; <see cref="ThroughputColumn"/> turns that into GB/s.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class BytesPerWordAttribute(int bytes) : Attribute
{
    public int Bytes { get; } = bytes;
}
