using Akka.Configuration;

namespace SecAgg.Serialization;

/// <summary>The HOCON that binds <see cref="SecAggSerializer"/> to every <see cref="IWireMessage"/>.</summary>
public static class SecAggActorConfig
{
    public static Config Serialization(bool verifyEveryMessage = false) => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.secagg = "SecAgg.Serialization.SecAggSerializer, SecAgg.Actors"
          serialization-bindings {
            "SecAgg.Serialization.IWireMessage, SecAgg.Actors" = secagg
          }
          serialize-messages = {{(verifyEveryMessage ? "on" : "off")}}
        }
        """);
}
