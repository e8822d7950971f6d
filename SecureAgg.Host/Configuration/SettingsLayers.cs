using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace SecureAgg.Host.Configuration;

/// <summary>
/// The configuration layers of a command: the options' built-in defaults (in the options types), then the HOCON
/// file's <c>secagg</c> block, then the flags typed on the command line.
/// </summary>
public static class SettingsLayers
{
    public static IConfiguration Build(Config? file, IReadOnlyDictionary<string, string?>? flags = null) =>
        new ConfigurationBuilder().AddHocon(file).AddInMemoryCollection(flags ?? new Dictionary<string, string?>()).Build();

    /// <summary>Binds one block of <paramref name="file"/> and the typed flags into its options.</summary>
    public static T Bind<T>(Config? file, string block, FlagBindings? flags = null, System.CommandLine.ParseResult? result = null) where T : class, new()
    {
        var typed = flags is not null && result is not null;
        return OptionsBinder.Bind<T>(Build(file, typed ? flags!.Given(result!) : null), block, typed ? flags!.FlagOfKey(result!) : null);
    }
}
