using System.CommandLine;

namespace SecureAgg.Host.Configuration;

/// <summary>
/// Flags that show their default in --help yet override a config file only when the user typed them: an option's
/// value counts only if it was on the command line (not its implicit default).
/// </summary>
public static class ExplicitFlags
{
    public static T? Given<T>(this ParseResult result, Option<T> option) where T : struct =>
        result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;

    public static string? GivenText(this ParseResult result, Option<string> option) =>
        result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;
}
