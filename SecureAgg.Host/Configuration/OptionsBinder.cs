using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace SecureAgg.Host.Configuration;

/// <summary>
/// The one way a HOCON block and the flags become typed options: Microsoft.Extensions.Configuration's binder, after a
/// check of the block's shape (unknown keys, a list where a value belongs, a value where a block belongs), then the
/// options' DataAnnotations. Every error is one <see cref="ArgumentException"/> line naming the HOCON key (and the
/// flag, when the value came from one). Options properties name their keys with <see cref="ConfigurationKeyNameAttribute"/>.
/// </summary>
public static partial class OptionsBinder
{
    public static T Bind<T>(IConfiguration configuration, string block, IReadOnlyDictionary<string, string>? flagOfKey = null) where T : class, new()
    {
        flagOfKey ??= new Dictionary<string, string>();
        var section = configuration.GetSection(ConfigPath(block));
        if (section.Value is not null || IsList(section))
            throw new ArgumentException($"{block} must be a block of settings ({block} {{ ... }}), not {(IsList(section) ? "a list" : "a single value")}.");
        CheckShape(typeof(T), section, block);
        var options = new T();
        try
        {
            // CheckShape refused unknown keys already (the binder's own check misses keys of converter-typed properties).
            section.Bind(options);
        }
        catch (InvalidOperationException error)
        {
            var key = FailedKey().Match(error.Message) is { Success: true } match ? HoconPath(match.Groups[1].Value) : block;
            var reason = (error.InnerException?.Message ?? error.Message).Replace(" (Parameter 'value')", "");
            throw new ArgumentException($"{key}{FlagNote(key, flagOfKey)} has a value of the wrong type: {reason}");
        }
        Validate(options, block, flagOfKey);
        return options;
    }

    /// <summary>The HOCON keys of an options type, in declaration order (what the shipped files must document).</summary>
    public static IReadOnlyList<string> Keys(Type options) =>
        Properties(options).Where(p => p.Property.GetCustomAttribute<RenamedToAttribute>() is null).Select(p => p.Key).ToArray();

    public static string ConfigPath(string hoconPath) => hoconPath.Replace('.', ':');

    private static string HoconPath(string configPath) => configPath.Replace(':', '.');

    private static string FlagNote(string key, IReadOnlyDictionary<string, string> flagOfKey) =>
        flagOfKey.TryGetValue(key, out var flag) ? $" ({flag})" : "";

    private static IEnumerable<(PropertyInfo Property, string Key)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p =>
            (p, p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{type.Name}.{p.Name} needs a [ConfigurationKeyName] naming its HOCON key.")));

    private static void CheckShape(Type type, IConfigurationSection section, string path)
    {
        var properties = Properties(type).ToDictionary(p => p.Key, p => p.Property, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var key = $"{path}.{child.Key}";
            if (!properties.TryGetValue(child.Key, out var property))
                throw new ArgumentException($"Unknown key {key}; known keys: {string.Join(", ", Keys(type))}.");
            var hasChildren = child.GetChildren().Any();
            switch (KindOf(property.PropertyType))
            {
                case Kind.List when child.Value is not null:
                    throw new ArgumentException($"{key} has a value of the wrong type: it must be a list, e.g. [ ... ], got '{child.Value}'.");
                case Kind.List:
                    CheckItems(ElementType(property.PropertyType), child, key);
                    break;
                case Kind.Block when child.Value is not null:
                    throw new ArgumentException($"{key} has a value of the wrong type: it must be a block of settings ({key} {{ ... }}), got '{child.Value}'.");
                case Kind.Block when IsList(child):
                    throw new ArgumentException($"{key} has a value of the wrong type: it must be a block of settings ({key} {{ ... }}), got a list.");
                case Kind.Block:
                    CheckShape(property.PropertyType, child, key);
                    break;
                case Kind.Value when hasChildren:
                    throw new ArgumentException($"{key} has a value of the wrong type: a list or a block where a single value belongs.");
                case Kind.Value when child.Value is null:
                    throw new ArgumentException($"{key} has a value of the wrong type: an empty list or block where a single value belongs.");
            }
        }
    }

    // The binder drops a list item it cannot convert without a word; refuse it instead, naming the item.
    private static void CheckItems(Type element, IConfigurationSection list, string key)
    {
        var converter = System.ComponentModel.TypeDescriptor.GetConverter(element);
        foreach (var item in list.GetChildren())
        {
            try
            {
                if (item.Value is null || item.GetChildren().Any())
                    throw new FormatException("a list or a block where a single value belongs");
                converter.ConvertFromInvariantString(item.Value);
            }
            catch (Exception error) when (error is FormatException or NotSupportedException or ArgumentException or OverflowException)
            {
                throw new ArgumentException($"{key} has a value of the wrong type: item {item.Key} ('{item.Value}') is not {element.Name}: {error.Message}");
            }
        }
    }

    // HoconConfigurationProvider flattens a list into the keys 0, 1, …
    private static bool IsList(IConfigurationSection section)
    {
        var children = section.GetChildren().ToArray();
        return children.Length > 0 && children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _));
    }

    private static Type ElementType(Type list) =>
        list.IsArray ? list.GetElementType()! : list.GetGenericArguments().FirstOrDefault() ?? typeof(string);

    private static void Validate(object options, string path, IReadOnlyDictionary<string, string> flagOfKey)
    {
        foreach (var (property, name) in Properties(options.GetType()))
        {
            var key = $"{path}.{name}";
            var value = property.GetValue(options);
            if (KindOf(property.PropertyType) == Kind.Block && value is not null)
            {
                Validate(value, key, flagOfKey);
                continue;
            }
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = key + FlagNote(key, flagOfKey) };
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (rule.GetValidationResult(value, context) is { ErrorMessage: { } message })
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{message}, got {Shown(value)}."));
            }
        }
    }

    private static string Shown(object? value) => value switch
    {
        null => "nothing",
        string text => $"'{text}'",
        IEnumerable items => $"[{string.Join(", ", items.Cast<object>())}]",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private enum Kind { Value, List, Block }

    private static Kind KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Duration) || type == typeof(Switch))
            return Kind.Value;
        return typeof(IEnumerable).IsAssignableFrom(type) ? Kind.List : Kind.Block;
    }

    [GeneratedRegex("at '([^']+)'")]
    private static partial Regex FailedKey();
}
