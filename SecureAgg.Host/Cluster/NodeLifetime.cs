using Akka.Actor;
using Akka.Hosting;
using SecureAgg.Host.Composition;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Report;

namespace SecureAgg.Host.Cluster;

/// <summary>What a server and a client node share: starting the actor system, waiting for the end, leaving the cluster.</summary>
public static class NodeLifetime
{
    /// <summary>The node (its generic host and ActorSystem), or null after printing why it could not start (e.g. the port is taken).</summary>
    public static async Task<ClusterNode?> StartAsync(string command, ClusterNodeSettings settings, Action<ActorSystem, IActorRegistry> startActors,
        CancellationToken cancellation)
    {
        try
        {
            return await ClusterNode.StartAsync(settings, startActors, cancellation);
        }
        catch (JournalUnavailableException failure)
        {
            InfrastructureFailure.Print(command, failure.Message);
            return null;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Console.Error.WriteLine($"secagg {command}: cannot start the node on {settings.Hostname}:{settings.Port}: {failure.GetBaseException().Message}");
            return null;
        }
    }

    /// <summary>Waits for the node's work to end: its own verdict (null = success), the actor system stopping, or a signal.</summary>
    public static async Task<string?> WaitAsync(ActorSystem system, Task<string?> finished, CancellationToken cancellation)
    {
        var done = await Task.WhenAny(finished, system.WhenTerminated, Task.Delay(Timeout.Infinite, cancellation).ContinueWith(_ => { }));
        if (done == finished)
            return await finished;
        return done == system.WhenTerminated ? "the node's actor system stopped (downed by the cluster?)" : "stopped by a signal";
    }

    /// <summary>Leaves the cluster (not just stops), so the other nodes see a graceful exit.</summary>
    public static Task LeaveAsync(ActorSystem system) => CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
}
