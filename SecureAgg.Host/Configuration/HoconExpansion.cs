using Akka.Configuration.Hocon;

namespace SecureAgg.Host.Configuration;

/// <summary>
/// Counts a parsed file's values and nesting as they are after substitution, where a few <c>${…}</c> of lists of
/// lists can multiply them (the flattening into configuration keys would then run out of memory, or out of stack).
/// A value reached by several substitutions counts each time but is measured once.
/// </summary>
public static class HoconExpansion
{
    public static void Check(HoconValue root)
    {
        var values = Measure(root, new Dictionary<HoconValue, (long, int)>(ReferenceEqualityComparer.Instance), 0).Values;
        if (values > HoconLimits.MaxValues)
            throw new FormatException($"has {values:N0} values after substitution; at most {HoconLimits.MaxValues:N0}");
    }

    private static (long Values, int Depth) Measure(HoconValue value, Dictionary<HoconValue, (long, int)> measured, int level)
    {
        if (measured.TryGetValue(value, out var known))
        {
            TooDeep(level + known.Item2);
            return known;
        }
        TooDeep(level);
        IEnumerable<HoconValue>? children = value.IsObject() ? value.GetObject().Items.Values : value.IsArray() ? value.GetArray() : null;
        (long Values, int Depth) result = (1, 0);
        if (children is not null)
        {
            long sum = 0;
            foreach (var child in children)
            {
                var (v, d) = Measure(child, measured, level + 1);
                sum = Math.Min(sum + v, long.MaxValue / 2);
                result.Depth = Math.Max(result.Depth, d + 1);
            }
            result.Values = Math.Max(sum, 1);
        }
        measured[value] = result;
        return result;
    }

    private static void TooDeep(int depth)
    {
        if (depth > HoconLimits.MaxNesting)
            throw new FormatException($"nests deeper than {HoconLimits.MaxNesting} levels after substitution");
    }
}
