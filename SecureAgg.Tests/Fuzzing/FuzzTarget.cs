namespace SecureAgg.Tests.Fuzzing;

/// <summary>
/// One decoder under fuzzing: valid inputs to mutate, the decoder, the one exception type it may throw, and how much
/// it may allocate for an input (its limits: a decoder must never allocate for what the bytes only claim).
/// </summary>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Seeds, Action<byte[]> Decode, Type Refusal, Func<byte[], long> AllocationBound)
{
    public override string ToString() => Name;
}
