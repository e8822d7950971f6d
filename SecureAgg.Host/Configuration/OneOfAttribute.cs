using System.ComponentModel.DataAnnotations;

namespace SecureAgg.Host.Configuration;

/// <summary>A text key with a fixed set of values (e.g. security = semi-honest | active).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(params string[] values) : ValidationAttribute(values.Length <= 2 ? $"{{0}} must be {string.Join(" or ", values)}" : $"{{0}} must be one of {string.Join(", ", values)}")
{
    public IReadOnlyList<string> Values { get; } = values;

    /// <summary>Accept any letter case (log levels: debug or DEBUG).</summary>
    public bool IgnoreCase { get; init; }

    public override bool IsValid(object? value) =>
        value is null || (value is string text && Values.Contains(text, IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal));
}
