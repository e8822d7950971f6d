using System.Globalization;
using CsvHelper;

namespace SecureAgg.Host.Output;

/// <summary>The one CSV format of every results file: RFC 4180 quoting, invariant culture, <c>\n</c> line ends.</summary>
public static class ResultCsv
{
    public static readonly CsvWriterOptions Format = CsvWriterOptions.Default with
    {
        // RFC 4180 quoting: a field holding a comma, a quote or a line break is quoted (inner quotes doubled), no other.
        Quoting = CsvQuoting.WhenNeeded,
        // Fields are written as they are (no spreadsheet-formula escaping): readers parse them as numbers and text.
        Injection = CsvInjection.None,
        FormatProvider = CultureInfo.InvariantCulture,
        NewLine = "\n",
    };
}
