using System.ComponentModel;
using System.Globalization;

namespace SecureAgg.Host.Configuration;

/// <summary>A HOCON boolean: on/off, yes/no, true/false, in files and flags alike.</summary>
[TypeConverter(typeof(SwitchConverter))]
public readonly record struct Switch(bool IsOn)
{
    public static Switch Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "on" or "yes" or "true" => new Switch(true),
        "off" or "no" or "false" => new Switch(false),
        _ => throw new FormatException($"'{text}' is not on/off, yes/no or true/false"),
    };

    public static implicit operator bool(Switch value) => value.IsOn;

    public static implicit operator Switch(bool value) => new(value);

    public override string ToString() => IsOn ? "on" : "off";
}

public sealed class SwitchConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) => Switch.Parse((string)value);
}
