using Akka.Configuration;
using SecAgg.Serialization;

namespace SecAgg.Actors;

/// <summary>The HOCON that binds <see cref="SecAggSerializer"/> to every <see cref="IWireMessage"/>.</summary>
public static class SecAggActorConfig
{
    public static Config Serialization(bool verifyEveryMessage = false) => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.secagg = "SecAgg.Actors.SecAggSerializer, SecAgg.Actors"
          serialization-bindings {
            "SecAgg.Serialization.IWireMessage, SecAgg.Actors" = secagg
          }
          serialize-messages = {{(verifyEveryMessage ? "on" : "off")}}
        }
        """);
}
