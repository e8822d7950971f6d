using System.ComponentModel.DataAnnotations;

namespace SecureAgg.Host.Configuration;

/// <summary>A key that was renamed: a file that still sets it gets the new name instead of a silent default.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RenamedToAttribute(string newKey) : ValidationAttribute($"{{0}} was renamed to {newKey} (same values)")
{
    public override bool IsValid(object? value) => value is null;
}
