namespace SecureAgg.Host.Output;

/// <summary>One CSV field as RFC 4180 wants it: quoted (inner quotes doubled) when it holds a comma or a quote.</summary>
public static class CsvField
{
    public static string Of(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
