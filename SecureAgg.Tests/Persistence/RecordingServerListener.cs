using Akka.Actor;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;

namespace SecureAgg.Tests.Persistence;

/// <summary>A call the server coordinator made on its <see cref="IServerNodeListener"/>, as a message a probe can expect.</summary>
public abstract record ServerListenerCall;

public sealed record RunStartedCall(bool Continuing) : ServerListenerCall;

public sealed record SessionOpenedCall(ClusterSessionOpened Opened, bool Resumed) : ServerListenerCall;

public sealed record SessionFinishedCall(ClusterSessionResult Result) : ServerListenerCall;

public sealed record StoppedCall(string? Error) : ServerListenerCall;

/// <summary>Joins, leaves and round closes: told too, so a spec sees everything, but none of them is asserted on.</summary>
public sealed record ProgressCall(string What) : ServerListenerCall;

/// <summary>The listener the host would print and write CSV rows from, reduced to telling a test probe each call.</summary>
public sealed class RecordingServerListener(IActorRef probe) : IServerNodeListener
{
    public void RunStarted(bool continuing) => probe.Tell(new RunStartedCall(continuing));

    public void ClientJoined(string name, int registered) => probe.Tell(new ProgressCall($"joined {name}"));

    public void ClientLeft(string name, int registered) => probe.Tell(new ProgressCall($"left {name}"));

    public void SessionOpened(ClusterSessionOpened opened, bool resumed) => probe.Tell(new SessionOpenedCall(opened, resumed));

    public void RoundClosed(int index, RoundClosedNotice notice) => probe.Tell(new ProgressCall($"session {index} closed {notice.Phase}"));

    public void SessionFinished(ClusterSessionResult result) => probe.Tell(new SessionFinishedCall(result));

    public void Stopped(string? error) => probe.Tell(new StoppedCall(error));
}
