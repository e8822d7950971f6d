namespace SecureAgg.Serialization;

/// <summary>
/// Upper bounds that <see cref="WireReader"/> applies by default to every count and length it reads, before it
/// allocates anything. A reader also never accepts a count whose items could not fit in the bytes that remain.
/// </summary>
public static class WireLimits
{
    /// <summary>Length-prefixed byte arrays (keys, signatures, ciphertexts): 16 MiB.</summary>
    public const int MaxByteArrayLength = 16 * 1024 * 1024;

    /// <summary>Arrays of client ids.</summary>
    public const int MaxIdCount = 1_000_000;

    /// <summary>Lists of structured entries (shares, signatures, advertised keys).</summary>
    public const int MaxEntryCount = 1_000_000;

    /// <summary>Packed word vectors; equals the protocol's largest vector length m.</summary>
    public const int MaxVectorLength = 1 << 28;

    /// <summary>Unpacked uint64 arrays (count + 8-byte values): 16 MiB of values.</summary>
    public const int MaxUInt64ArrayLength = MaxByteArrayLength / 8;
}
