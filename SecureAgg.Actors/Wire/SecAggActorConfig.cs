using Akka.Configuration;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Wire;

/// <summary>The HOCON that binds <see cref="SecAggSerializer"/> to every <see cref="IWireMessage"/>.</summary>
public static class SecAggActorConfig
{
    public static Config Serialization(bool verifyEveryMessage = false) => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.secagg = "SecureAgg.Actors.Wire.SecAggSerializer, SecureAgg.Actors"
          serialization-bindings {
            "SecureAgg.Serialization.IWireMessage, SecureAgg.Actors" = secagg
          }
          serialize-messages = {{(verifyEveryMessage ? "on" : "off")}}
        }
        """);
}
