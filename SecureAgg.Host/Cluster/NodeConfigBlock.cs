using Akka.Configuration;

namespace SecureAgg.Host.Cluster;

/// <summary>Reads one node's <c>secagg.server</c> / <c>secagg.client</c> block over its defaults, refusing unknown keys.</summary>
public static class NodeConfigBlock
{
    public static Config Read(Config? file, string block, string defaults, IReadOnlySet<string> keys)
    {
        if (file is not null && file.HasPath(block))
        {
            if (!file.GetValue(block).IsObject())
                throw new ArgumentException($"{block} must be a block of settings ({block} {{ ... }}), not a single value.");
            // The HOCON parser is lenient, so a misspelt key would silently fall back to its default.
            foreach (var key in file.GetConfig(block).AsEnumerable().Select(entry => entry.Key.Split('.')[0]).Distinct())
            {
                if (!keys.Contains(key))
                    throw new ArgumentException($"Unknown key {block}.{key}; known keys: {string.Join(", ", keys)}.");
            }
        }
        return (file ?? Config.Empty).WithFallback(ConfigurationFactory.ParseString(defaults)).GetConfig(block);
    }

    public static T Value<T>(string block, string key, Func<T> read)
    {
        try
        {
            return read();
        }
        // Akka's getters throw ArgumentNullException for a list or object where a scalar belongs.
        catch (Exception error) when (error is FormatException or InvalidCastException or OverflowException or ConfigurationException
                                          or NullReferenceException or ArgumentNullException)
        {
            throw new ArgumentException($"{block}.{key} has a value of the wrong type: {error.Message}");
        }
    }

    /// <summary>Akka's log levels, which both node kinds accept in log-level.</summary>
    public static void CheckLogLevel(string logLevel)
    {
        if (logLevel is not ("DEBUG" or "INFO" or "WARNING" or "ERROR"))
            throw new ArgumentException($"log-level must be DEBUG, INFO, WARNING or ERROR, got '{logLevel}'.");
    }
}
