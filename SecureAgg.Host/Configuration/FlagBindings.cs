using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SecureAgg.Host.Configuration;

/// <summary>
/// Which flag sets which key of a HOCON block: the flags typed on the command line become the top configuration
/// layer (over the file, over the options' built-in defaults), so files and flags bind through the same
/// <see cref="OptionsBinder"/>. A flag shows its default in --help but overrides the file only when typed.
/// </summary>
public sealed class FlagBindings(string block)
{
    private readonly List<(Option Option, string Key)> _bindings = [];

    public string Block { get; } = block;

    public FlagBindings Add(Option option, string key)
    {
        _bindings.Add((option, key));
        return this;
    }

    /// <summary>The typed flags as configuration entries (<c>secagg:simulation:clients</c> → "50").</summary>
    public IReadOnlyDictionary<string, string?> Given(ParseResult result) =>
        Typed(result).ToDictionary(entry => OptionsBinder.ConfigPath($"{Block}.{entry.Key}"), entry => entry.Value);

    /// <summary>The HOCON key each typed flag set, with the flag's name (for error lines).</summary>
    public IReadOnlyDictionary<string, string> FlagOfKey(ParseResult result) =>
        _bindings.Where(b => result.GetResult(b.Option) is OptionResult { Implicit: false })
            .ToDictionary(b => $"{Block}.{b.Key}", b => b.Option.Name);

    private IEnumerable<KeyValuePair<string, string?>> Typed(ParseResult result)
    {
        foreach (var (option, key) in _bindings)
        {
            if (result.GetResult(option) is not OptionResult { Implicit: false } given)
                continue;
            yield return new(key, Text(given.GetValueOrDefault<object?>()));
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "on" : "off",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
