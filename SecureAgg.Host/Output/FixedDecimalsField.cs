using CsvHelper;

namespace SecureAgg.Host.Output;

/// <summary>
/// A number column with a fixed number of decimals (seconds to the millisecond, bytes to the byte), rather than the
/// shortest round-trip text: the files stay readable and their columns comparable across rows.
/// </summary>
public abstract class FixedDecimalsField(string format) : ICsvConverter<double>
{
    public double Read(CsvReader reader, int index) => reader.Parse<double>(index);

    public void Write(CsvWriter writer, double value) => writer.WriteField(value, format);
}

public sealed class NoDecimalsField() : FixedDecimalsField("F0");

public sealed class OneDecimalField() : FixedDecimalsField("F1");

public sealed class TwoDecimalsField() : FixedDecimalsField("F2");

public sealed class ThreeDecimalsField() : FixedDecimalsField("F3");

public sealed class FourDecimalsField() : FixedDecimalsField("F4");

public sealed class FiveDecimalsField() : FixedDecimalsField("F5");
