using Akka.Actor;
using SecureAgg.Actors;
using SecureAgg.Host.Composition;
using SecureAgg.Persistence;

namespace SecureAgg.Tests.Actors;

/// <summary>Computing actors run on the composition root's own CPU threads; remoting and cluster heartbeats on theirs.</summary>
public sealed class CpuDispatcherSpecs
{
    [Fact]
    public async Task A_system_from_the_composition_root_puts_computing_actors_on_the_cpu_dispatcher()
    {
        await using var node = await InProcessNode.StartAsync(new InProcessSystemSettings(JournalTarget.Memory));

        Assert.Equal(CpuDispatcher.Id, Props.Empty.OnCpuDispatcher(node.System).Dispatcher);
        Assert.True(node.System.Dispatchers.HasDispatcher("secagg.heartbeat-dispatcher"));
    }

    [Fact]
    public async Task A_bare_system_keeps_them_on_the_default_dispatcher()
    {
        using var system = ActorSystem.Create("bare");
        Assert.Equal(Props.Empty.Dispatcher, Props.Empty.OnCpuDispatcher(system).Dispatcher);
        await system.Terminate();
    }
}
