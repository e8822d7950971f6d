using Akka.Configuration;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The Akka settings of a cluster node: its role, where it listens and how others reach it, and the cluster's
/// failure handling. Seed nodes are joined from code (the server may add its clients' nodes after a crash).
/// Values in a node's HOCON file (akka.* keys) take precedence over <see cref="Defaults"/>; flags over both.
/// </summary>
public static class ClusterAkkaConfig
{
    public const string ServerRole = "server";
    public const string ClientRole = "client";
    public const string SystemName = "secagg";

    /// <summary>
    /// Downing by the server's authority (<see cref="ServerAuthorityDowningProvider"/>): the server downs nodes it
    /// cannot reach once the unreachable set has been stable for <c>stable-after</c>, client nodes down only a server
    /// they cannot reach themselves, after three times that. Nodes that join and freeze never take the server down, and
    /// client nodes wait for a crashed server's restart however long it is dead.
    /// </summary>
    /// <summary>A client node's default frame size (16 MiB): it bounds the task payload (the global model) a server may send.</summary>
    public const long ClientFrameSize = 16 << 20;

    public const string Defaults = """
        akka {
          # Started with the node, so pub-sub gossip from other nodes never arrives before its serializer is known.
          extensions = ["Akka.Cluster.Tools.PublishSubscribe.DistributedPubSubExtensionProvider, Akka.Cluster.Tools"]
          actor.provider = cluster
          remote.dot-netty.tcp {
            # A client node's frames (the server derives its own from its sessions): room for the server's task payload.
            maximum-frame-size = 16777216b
            send-buffer-size = 4194304b
            receive-buffer-size = 4194304b
          }
          cluster {
            downing-provider-class = "SecureAgg.Actors.Cluster.ServerAuthorityDowningProvider, SecureAgg.Actors"
            split-brain-resolver.stable-after = 5s
            seed-node-timeout = 3s
            retry-unsuccessful-join-after = 3s
            shutdown-after-unsuccessful-join-seed-nodes = off
            # Generous: a node busy loading data or training on a small machine must not be taken for dead.
            failure-detector.acceptable-heartbeat-pause = 10s
            run-coordinated-shutdown-when-down = on
          }
          coordinated-shutdown.exit-clr = off
          log-dead-letters = 0
          log-dead-letters-during-shutdown = off
        }
        """;

    /// <summary>The node's address settings (highest precedence) over <paramref name="file"/> over the defaults.</summary>
    public static Config For(string role, string hostname, string? publicHostname, int port, Config? file)
    {
        var address = ConfigurationFactory.ParseString($$"""
            akka.cluster.roles = ["{{role}}"]
            akka.remote.dot-netty.tcp {
              hostname = "{{hostname}}"
              public-hostname = "{{publicHostname ?? hostname}}"
              port = {{port}}
            }
            """);
        return address.WithFallback(file ?? Config.Empty).WithFallback(ConfigurationFactory.ParseString(Defaults));
    }

    /// <summary>The configured frame size, to check a session's largest message against before it starts.</summary>
    public static long MaximumFrameSize(Config config) => config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 128000;
}
