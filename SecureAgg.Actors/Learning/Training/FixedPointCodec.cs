namespace SecureAgg.Learning.Training;

/// <summary>
/// Signed reals as fixed-point words mod 2^b (two's complement), so sums of feature moments can go through secure
/// aggregation exactly: round(x·2^F) per client, summed mod 2^b, read back as a signed number / 2^F. With b = 62 and
/// F = 20 a sum stays exact while its magnitude is below 2^41 ≈ 2.2·10^12.
/// </summary>
public sealed class FixedPointCodec(int bits = 62, int fractionBits = 20)
{
    public int Bits { get; } = bits is >= 8 and <= 62 ? bits : throw new ArgumentException($"Word size must be 8..62 bits, got {bits}.");

    public int FractionBits { get; } = fractionBits is >= 0 && fractionBits < bits - 1 ? fractionBits : throw new ArgumentException($"Fraction bits must be 0..{bits - 2}.");

    private ulong Mask => (1UL << Bits) - 1;

    private double Scale => Math.Pow(2, FractionBits);

    /// <summary>Largest magnitude a (summed) value may have and still decode exactly.</summary>
    public double Limit => Math.Pow(2, Bits - 1 - FractionBits);

    public ulong[] Encode(ReadOnlySpan<double> values)
    {
        var words = new ulong[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || Math.Abs(values[i]) >= Limit)
                throw new ArgumentException($"Value {values[i]} at {i} is outside ±{Limit} and cannot be encoded in {Bits} bits with {FractionBits} fraction bits.");
            words[i] = unchecked((ulong)(long)Math.Round(values[i] * Scale)) & Mask;
        }
        return words;
    }

    public double[] Decode(ReadOnlySpan<ulong> words)
    {
        var values = new double[words.Length];
        var sign = 1UL << (Bits - 1);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i] & Mask;
            var signed = (word & sign) != 0 ? (long)word - (1L << Bits) : (long)word;
            values[i] = signed / Scale;
        }
        return values;
    }
}
