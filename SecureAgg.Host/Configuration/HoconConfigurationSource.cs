using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace SecureAgg.Host.Configuration;

/// <summary>A parsed HOCON file as a Microsoft.Extensions.Configuration source (the <c>hocon/</c> files stay the user's format).</summary>
public sealed class HoconConfigurationSource(Config file, string root) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(file, root);
}

public static class HoconConfigurationExtensions
{
    /// <summary>Adds the <paramref name="root"/> subtree of a HOCON file (e.g. <c>secagg</c>; the akka.* keys stay Akka's).</summary>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, Config? file, string root = "secagg") =>
        file is null || file.IsEmpty ? builder : builder.Add(new HoconConfigurationSource(file, root));
}
