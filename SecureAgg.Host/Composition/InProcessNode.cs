using Akka.Actor;
using Akka.Hosting;
using SecureAgg.Actors;

using SecureAgg.Host.Report;

namespace SecureAgg.Host.Composition;

/// <summary>
/// The generic host of a single-process run: one ActorSystem built with Akka.Hosting (serializer, journal, logging,
/// dispatchers) and an <see cref="AggregationCoordinator"/> in its registry. Disposing lets the last session's journal
/// pruning finish, then stops the host and the system.
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    // Pruning one session's journal takes a read and two deletes: far below this, unless the journal is stuck.
    private static readonly TimeSpan PruningPatience = TimeSpan.FromSeconds(30);

    private readonly AkkaNodeHost _host;

    private InProcessNode(AkkaNodeHost host)
    {
        _host = host;
        Coordinator = host.Registry.Get<AggregationCoordinator>();
    }

    public ActorSystem System => _host.System;

    public IActorRef Coordinator { get; }

    /// <summary>The started node, its journal written and read back once; <see cref="JournalUnavailableException"/> (naming the journal) when it cannot be used.</summary>
    public static async Task<InProcessNode> StartAsync(InProcessSystemSettings settings, CancellationToken cancellation = default)
    {
        try
        {
            return await StartCheckedAsync(settings, cancellation);
        }
        catch (JournalUnavailableException error)
        {
            throw new JournalUnavailableException($"journal {settings.Journal}: {error.Message}", error);
        }
    }

    private static async Task<InProcessNode> StartCheckedAsync(InProcessSystemSettings settings, CancellationToken cancellation)
    {
        await JournalPreflight.CheckAsync(settings.Journal, cancellation);
        var node = new InProcessNode(await StartHostAsync(settings, cancellation));
        try
        {
            await JournalProbe.WriteAndReadBackAsync(node.System, settings.Journal, cancellation);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private static Task<AkkaNodeHost> StartHostAsync(InProcessSystemSettings settings, CancellationToken cancellation) =>
        AkkaNodeHost.StartAsync("secagg", "simulation", settings.LogLevel, akka => akka
            .AddHocon(settings.ExtraConfig ?? Akka.Configuration.Config.Empty, HoconAddMode.Prepend)
            .WithSecureAggSerializer(settings.MaxVectorLength, settings.VerifySerialization)
            .WithJournal(settings.Journal)
            .WithActors((system, registry) => registry.Register<AggregationCoordinator>(system.ActorOf(AggregationCoordinator.Props(settings.Integrity, settings.KeepSessionEvents), "coordinator"))),
            cancellation);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Coordinator.Ask<PruningDone>(AwaitPruning.Instance, PruningPatience);
        }
        catch (Exception error) when (error is AskTimeoutException or TaskCanceledException)
        {
            // The journal then keeps the last session whole: more rows, nothing wrong.
        }
        await _host.DisposeAsync();
    }
}
