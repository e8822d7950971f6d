using CsvHelper;

namespace SecureAgg.Host.Output;

/// <summary>A boolean column of the result files: <c>yes</c> or <c>no</c>.</summary>
public sealed class YesNoField : ICsvConverter<bool>
{
    public bool Read(CsvReader reader, int index) => reader.GetString(index) switch
    {
        "yes" => true,
        "no" => false,
        var other => throw new FormatException($"'{other}' is not yes or no."),
    };

    public void Write(CsvWriter writer, bool value) => writer.WriteField(value ? "yes" : "no");
}

/// <summary>A check that may not apply: <c>yes</c>, <c>no</c> or <c>n/a</c> (null).</summary>
public sealed class YesNoOrNotApplicableField : ICsvConverter<bool?>
{
    public bool? Read(CsvReader reader, int index) => reader.GetString(index) switch
    {
        "yes" => true,
        "no" => false,
        "n/a" => null,
        var other => throw new FormatException($"'{other}' is not yes, no or n/a."),
    };

    public void Write(CsvWriter writer, bool? value) => writer.WriteField(value switch { true => "yes", false => "no", null => "n/a" });
}
