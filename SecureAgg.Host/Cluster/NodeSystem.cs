using Akka.Configuration;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;

namespace SecureAgg.Host.Cluster;

/// <summary>The full Akka config of a node: log level, cluster settings, and the SecAgg serializer for every message.</summary>
public static class NodeSystem
{
    public static Config Config(string role, string hostname, string? publicHostname, int port, Config? file, string logLevel) =>
        ConfigurationFactory.ParseString($"""
                akka.loglevel = {logLevel}
                akka.stdout-loglevel = {logLevel}
                """)
            .WithFallback(ClusterAkkaConfig.For(role, hostname, publicHostname, port, file))
            .WithFallback(SecAggActorConfig.Serialization());

}
