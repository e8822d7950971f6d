using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace SecureAgg.Host.Configuration;

/// <summary>One round's dropout injection: each client independently with <c>probability</c>, plus every id in <c>clients</c>.</summary>
public sealed class RoundDropoutOptions
{
    [ConfigurationKeyName("probability"), Range(0.0, 1.0, ErrorMessage = "{0} is a probability between 0 and 1")]
    public double Probability { get; set; }

    [ConfigurationKeyName("clients")]
    public int[] Clients { get; set; } = [];
}
