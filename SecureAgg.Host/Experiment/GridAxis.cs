using System.Globalization;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// The checks every axis of a grid gets, each failure one line naming the axis (<c>BLOCK.axes.KEY</c>): an axis
/// written lists at least one value and none twice; left out, it has its default, or is missing if it has none.
/// </summary>
public static class GridAxis
{
    /// <param name="axes">The axes' HOCON path, e.g. <c>secagg.experiment.axes</c>.</param>
    /// <param name="written">Whether the file wrote the axis (an empty list is refused; a left-out axis takes <paramref name="fallback"/>).</param>
    public static T[] Values<T>(string axes, string key, T[] values, T[]? fallback, Func<string, bool> written)
    {
        if (values.Length > 0)
        {
            var twice = values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{axes}.{key} lists {twice.Key} twice."));
            return values;
        }
        if (written(key))
            throw new ArgumentException($"{axes}.{key} is empty: an axis lists at least one value (leave it out for its default).");
        return fallback ?? throw new ArgumentException($"{axes}.{key} is missing: a grid names its values, e.g. {key} = [100].");
    }

    public static void OneOf(string axes, string key, string[] values, params string[] allowed)
    {
        foreach (var value in values.Where(v => !allowed.Contains(v)))
            throw new ArgumentException($"{axes}.{key} has '{value}': use {string.Join(", ", allowed)}.");
    }

    public static void Each<T>(string axes, string key, T[] values, Func<T, bool> valid, string rule) where T : IFormattable
    {
        foreach (var value in values.Where(v => !valid(v)))
            throw new ArgumentException($"{axes}.{key} {rule}, got {value.ToString(null, CultureInfo.InvariantCulture)}.");
    }
}
