using Akka.Configuration;
using Akka.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace SecureAgg.Host.Configuration;

/// <summary>
/// Flattens a HOCON subtree into configuration keys: <c>secagg.simulation.round-timeout</c> becomes
/// <c>secagg:simulation:round-timeout</c>, list items <c>…:clients:0</c>. An empty list or block is kept as a key
/// without a value, so a misplaced <c>seed-nodes = []</c> is still seen (and refused) by <see cref="OptionsBinder"/>.
/// A <c>null</c> is refused: no key of ours means anything by it, and the binder would quietly keep the default.
/// </summary>
public sealed class HoconConfigurationProvider(Config file, string root) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (file.HasPath(root))
            Flatten(file.GetValue(root), root, data);
        Data = data;
    }

    private static void Flatten(HoconValue value, string path, IDictionary<string, string?> data)
    {
        if (value.IsObject())
        {
            var items = value.GetObject().Items;
            if (items.Count == 0)
                data[path] = null;
            foreach (var (key, child) in items)
                Flatten(child, $"{path}{ConfigurationPath.KeyDelimiter}{key}", data);
        }
        else if (value.IsArray())
        {
            var items = value.GetArray();
            if (items.Count == 0)
                data[path] = null;
            for (var i = 0; i < items.Count; i++)
                Flatten(items[i], $"{path}{ConfigurationPath.KeyDelimiter}{i}", data);
        }
        else if (value.GetString() is { } text)
        {
            data[path] = text;
        }
        else if (value.Values.Count > 0 && value.Values.All(element => element is HoconLiteral))
        {
            throw new ArgumentException($"{path.Replace(ConfigurationPath.KeyDelimiter, ".")} = null: leave the key out for its default.");
        }
        else
        {
            // An empty list (Akka's IsArray() is false for one).
            data[path] = null;
        }
    }
}
