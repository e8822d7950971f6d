using Akka.Actor;

namespace SecureAgg.Actors;

/// <summary>
/// The dispatcher for actors that compute (a session's unmasking reconstructs seeds and expands masks on every core):
/// its own threads, so heavy rounds never hold up the default dispatcher's actors. A system built by the host's
/// composition root has it; elsewhere (e.g. a bare TestKit system) actors stay on the default dispatcher.
/// </summary>
public static class CpuDispatcher
{
    public const string Id = "secagg.cpu-dispatcher";

    public static Props OnCpuDispatcher(this Props props, ActorSystem system) =>
        system.Dispatchers.HasDispatcher(Id) ? props.WithDispatcher(Id) : props;
}
