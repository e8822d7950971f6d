using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.RegularExpressions;

namespace SecureAgg.Host.Configuration;

/// <summary>
/// A host name as RFC 1123 spells one (dot-separated labels of letters, digits and inner hyphens, at most 253
/// characters) or an IP address. Host names end up in Akka's HOCON and in actor addresses, where a quote, a space
/// or an @ would break them or change their meaning.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed partial class HostNameAttribute(bool allowEmpty = false)
    : ValidationAttribute("{0} must be a host name (letters, digits, '-' and '.') or an IP address")
{
    public override bool IsValid(object? value) => value is not string text || (allowEmpty && text.Length == 0) || IsHostName(text);

    public static bool IsHostName(string text) =>
        DnsName().IsMatch(text) || (!text.StartsWith('[') && Uri.CheckHostName(text) is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(text, out _));

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex DnsName();
}
