using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecureAgg.Host.Composition;

/// <summary>
/// A started generic host holding one ActorSystem built with Akka.Hosting, its actor registry, and the program's one
/// console log format; disposing stops the host and the system. <see cref="InProcessNode"/> and <see cref="ClusterNode"/>
/// differ only in what they add to the builder.
/// </summary>
public sealed class AkkaNodeHost : IAsyncDisposable
{
    private readonly IHost _host;

    private AkkaNodeHost(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<ActorRegistry>();
    }

    public ActorSystem System { get; }

    public ActorRegistry Registry { get; }

    public static async Task<AkkaNodeHost> StartAsync(string systemName, string node, string logLevel, Action<AkkaConfigurationBuilder> configure,
        CancellationToken cancellation)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddNodeConsole(node, logLevel);
        builder.Services.AddAkka(systemName, (akka, _) => configure(akka.WithHostLogging(logLevel).WithDedicatedDispatchers()));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
            return new AkkaNodeHost(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
