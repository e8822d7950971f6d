using System.ComponentModel.DataAnnotations;

namespace SecureAgg.Host.Configuration;

/// <summary>A duration that must be above zero (a 0s deadline would abort every round), or at least zero.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveAttribute(bool allowZero = false) : ValidationAttribute(allowZero ? "{0} must not be negative" : "{0} must be positive, e.g. 2s")
{
    public override bool IsValid(object? value) => value is not Duration duration || (allowZero ? duration.Value >= TimeSpan.Zero : duration.Value > TimeSpan.Zero);
}
