using Akka.Actor;
using Akka.Hosting;
using SecureAgg.Actors;

namespace SecureAgg.Host.Composition;

/// <summary>
/// The generic host of a single-process run: one ActorSystem built with Akka.Hosting (serializer, journal, logging,
/// dispatchers) and an <see cref="AggregationCoordinator"/> in its registry. Disposing stops the host and the system.
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private readonly AkkaNodeHost _host;

    private InProcessNode(AkkaNodeHost host)
    {
        _host = host;
        Coordinator = host.Registry.Get<AggregationCoordinator>();
    }

    public ActorSystem System => _host.System;

    public IActorRef Coordinator { get; }

    public static async Task<InProcessNode> StartAsync(InProcessSystemSettings settings, CancellationToken cancellation = default) =>
        new(await AkkaNodeHost.StartAsync("secagg", "simulation", settings.LogLevel, akka => akka
            .AddHocon(settings.ExtraConfig ?? Akka.Configuration.Config.Empty, HoconAddMode.Prepend)
            .WithSecureAggSerializer(settings.MaxVectorLength, settings.VerifySerialization)
            .WithJournal(settings.Journal)
            .WithActors((system, registry) => registry.Register<AggregationCoordinator>(system.ActorOf(AggregationCoordinator.Props(settings.Integrity), "coordinator"))),
            cancellation));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
