namespace SecureAgg.Crypto;

/// <summary>Identifies one aggregation; bound into every derived key, ciphertext and signature.</summary>
public readonly record struct SessionId(Guid Value)
{
    public const int Size = 16;

    public static SessionId New() => new(Guid.NewGuid());

    public void WriteTo(Span<byte> destination)
    {
        if (!Value.TryWriteBytes(destination))
            throw new ArgumentException("A session id needs 16 bytes.", nameof(destination));
    }

    public override string ToString() => Value.ToString("N");
}
