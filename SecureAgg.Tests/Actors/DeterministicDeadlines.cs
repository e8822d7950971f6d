using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using SecureAgg.Actors;

namespace SecureAgg.Tests.Actors;

/// <summary>
/// Round deadlines decided by message flow, not by the clock. <see cref="Config"/> gives an actor system Akka.TestKit's
/// <see cref="TestScheduler"/>, so no deadline fires by itself, and loads this extension, whose
/// <see cref="DeadlineDriver"/> advances that scheduler by one round timeout exactly when the open round has every answer
/// it will ever get. A slow client is then never counted as a dropout, and an injected dropout always is.
/// </summary>
public sealed class DeterministicDeadlines : ExtensionIdProvider<DeterministicDeadlines.Driver>
{
    /// <summary>For <c>ActorSimulation</c>'s extra config, or any in-process system that runs sessions.</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString($"""
        akka.scheduler.implementation = "{Name(typeof(TestScheduler))}"
        akka.extensions = ["{Name(typeof(DeterministicDeadlines))}"]
        """);

    public override Driver CreateExtension(ExtendedActorSystem system)
    {
        var driver = system.SystemActorOf(Props.Create(() => new DeadlineDriver((TestScheduler)system.Scheduler)), "deterministic-deadlines");
        // Subscribed before the system runs any session, so no notice is missed.
        system.EventStream.Subscribe(driver, typeof(RoundOpenedNotice));
        system.EventStream.Subscribe(driver, typeof(MessageAcceptedNotice));
        system.EventStream.Subscribe(driver, typeof(DropoutInjectedNotice));
        return new Driver(driver);
    }

    private static string Name(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>The running <see cref="DeadlineDriver"/> of one actor system.</summary>
    public sealed record Driver(IActorRef Actor) : IExtension;
}
