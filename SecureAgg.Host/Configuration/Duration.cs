using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SecureAgg.Host.Configuration;

/// <summary>A duration as HOCON writes it (<c>500ms</c>, <c>2s</c>, <c>2m</c>, <c>1h</c>; a bare number is milliseconds), in files and flags alike.</summary>
[TypeConverter(typeof(DurationConverter))]
public readonly partial record struct Duration(TimeSpan Value)
{
    private static readonly Dictionary<string, double> MillisecondsPerUnit = new(StringComparer.Ordinal)
    {
        ["ns"] = 1e-6, ["nanos"] = 1e-6, ["nanoseconds"] = 1e-6,
        ["us"] = 1e-3, ["micros"] = 1e-3, ["microseconds"] = 1e-3,
        ["ms"] = 1, ["millis"] = 1, ["milliseconds"] = 1, [""] = 1,
        ["s"] = 1000, ["second"] = 1000, ["seconds"] = 1000,
        ["m"] = 60_000, ["minute"] = 60_000, ["minutes"] = 60_000,
        ["h"] = 3_600_000, ["hour"] = 3_600_000, ["hours"] = 3_600_000,
        ["d"] = 86_400_000, ["day"] = 86_400_000, ["days"] = 86_400_000,
    };

    public static Duration Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success || !MillisecondsPerUnit.TryGetValue(match.Groups["unit"].Value, out var unit))
            throw new FormatException($"'{text}' is not a duration such as 500ms, 5s or 2m");
        var milliseconds = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture) * unit;
        if (milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2)
            throw new FormatException($"'{text}' is too long a duration");
        return new Duration(TimeSpan.FromMilliseconds(milliseconds));
    }

    public static implicit operator TimeSpan(Duration duration) => duration.Value;

    /// <summary>The shortest HOCON spelling, as --help shows defaults: 2s, 500ms, 2m.</summary>
    public override string ToString() => Value.TotalMilliseconds switch
    {
        var ms when ms % 60_000 == 0 && ms > 0 => $"{ms / 60_000:0}m",
        var ms when ms % 1000 == 0 => $"{ms / 1000:0}s",
        var ms => FormattableString.Invariant($"{ms:0.###}ms"),
    };

    [GeneratedRegex(@"^\s*(?<amount>\d+(\.\d+)?)\s*(?<unit>[a-z]*)\s*$")]
    private static partial Regex Pattern();
}

public sealed class DurationConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) => Duration.Parse((string)value);
}
