using CsvHelper;

namespace SecureAgg.Host.Output;

/// <summary>A number column that may have no value (an empty field), with a fixed number of decimals when it has one.</summary>
public abstract class OptionalDecimalsField(string format) : ICsvConverter<double?>
{
    public double? Read(CsvReader reader, int index) => reader.GetString(index) is { Length: > 0 } ? reader.Parse<double>(index) : null;

    public void Write(CsvWriter writer, double? value)
    {
        if (value is { } number)
            writer.WriteField(number, format);
        else
            writer.WriteField("");
    }
}

public sealed class OptionalOneDecimalField() : OptionalDecimalsField("F1");

public sealed class OptionalTwoDecimalsField() : OptionalDecimalsField("F2");

public sealed class OptionalFourDecimalsField() : OptionalDecimalsField("F4");
