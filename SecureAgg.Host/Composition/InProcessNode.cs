using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureAgg.Actors;

namespace SecureAgg.Host.Composition;

/// <summary>
/// The generic host of a single-process run: one ActorSystem built with Akka.Hosting (serializer, journal, logging,
/// dispatchers) and an <see cref="AggregationCoordinator"/> in its registry. Disposing stops the host and the system.
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessNode(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Coordinator = host.Services.GetRequiredService<IRequiredActor<AggregationCoordinator>>().ActorRef;
    }

    public ActorSystem System { get; }

    public IActorRef Coordinator { get; }

    public static async Task<InProcessNode> StartAsync(InProcessSystemSettings settings, CancellationToken cancellation = default)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddNodeConsole("simulation", settings.LogLevel);
        builder.Services.AddAkka("secagg", (akka, _) => akka
            .AddHocon(settings.ExtraConfig ?? Akka.Configuration.Config.Empty, HoconAddMode.Prepend)
            .WithHostLogging(settings.LogLevel)
            .WithDedicatedDispatchers()
            .WithSecureAggSerializer(settings.MaxVectorLength, settings.VerifySerialization)
            .WithJournal(settings.Journal)
            .WithActors((system, registry) => registry.Register<AggregationCoordinator>(system.ActorOf(AggregationCoordinator.Props(), "coordinator"))));
        var host = builder.Build();
        await host.StartAsync(cancellation);
        return new InProcessNode(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
