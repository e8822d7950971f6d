using Akka.Actor;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// Journalled addresses in this node's remoting scheme: a journal written with plain TCP (<c>akka.tcp</c>, every
/// journal before mutual TLS) or with TLS (<c>akka.ssl.tcp</c>) still finds its client nodes after the transport changed.
/// </summary>
public static class RemotingScheme
{
    private static readonly string[] Schemes = ["akka.ssl.tcp", "akka.tcp"];

    public static Address As(this Address address, string protocol) =>
        address.Protocol == protocol || !Schemes.Contains(protocol) || !Schemes.Contains(address.Protocol)
            ? address
            : new Address(protocol, address.System, address.Host, address.Port);

    /// <summary>An actor path string with its scheme replaced by <paramref name="protocol"/>.</summary>
    public static string As(string actorPath, string protocol)
    {
        if (!Schemes.Contains(protocol))
            return actorPath;
        foreach (var scheme in Schemes)
        {
            if (actorPath.StartsWith(scheme + "://", StringComparison.Ordinal))
                return scheme == protocol ? actorPath : protocol + actorPath[scheme.Length..];
        }
        return actorPath;
    }
}
