using Akka.Actor;
using SecureAgg.Actors.InProcess;
using SecureAgg.Host.Composition;
using SecureAgg.Persistence;

namespace SecureAgg.Tests.Actors;

/// <summary>
/// An <see cref="ActorSimulation"/> over the production composition root (<see cref="InProcessNode"/>), with the
/// journal a test chooses; disposing stops the ActorSystem.
/// </summary>
public sealed class InProcessSimulation : IAsyncDisposable
{
    private readonly InProcessNode _node;
    private readonly ActorSimulation _simulation;

    private InProcessSimulation(InProcessNode node, SimulationSettings settings)
    {
        _node = node;
        _simulation = new ActorSimulation(settings, node.Coordinator);
    }

    public ActorSystem System => _node.System;

    public static async Task<InProcessSimulation> StartAsync(SimulationSettings settings, JournalTarget journal, bool verifySerialization = false,
        Akka.Configuration.Config? extraConfig = null) =>
        new(await InProcessNode.StartAsync(new InProcessSystemSettings(journal, VerifySerialization: verifySerialization, ExtraConfig: extraConfig)), settings);

    public Task<SimulationRoundResult> RunRoundAsync(int round) => _simulation.RunRoundAsync(round);

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
