using Akka.Actor;
using Akka.Configuration;
using SecureAgg.Actors.Wire;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Actors.InProcess;

/// <summary>
/// Runs aggregation rounds over real actors in one process: an ActorSystem with the SecAgg serializer and the chosen
/// journal, one coordinator, and per round fresh random inputs, a dropout draw and a report.
/// </summary>
public sealed class ActorSimulation : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _coordinator;
    private readonly SimulationSettings _settings;

    public ActorSimulation(SimulationSettings settings, Config? extraConfig = null)
    {
        _settings = settings;
        var config = ConfigurationFactory.ParseString($$"""
                akka.loglevel = {{settings.LogLevel}}
                akka.stdout-loglevel = {{settings.LogLevel}}
                akka.log-dead-letters = 10
                akka.log-dead-letters-during-shutdown = off
                """)
            .WithFallback(extraConfig ?? Config.Empty)
            .WithFallback(SecAggActorConfig.Serialization(settings.VerifySerialization))
            .WithFallback(settings.Journal.ToConfig());
        _system = ActorSystem.Create("secagg", config);
        _coordinator = _system.ActorOf(AggregationCoordinator.Props(), "coordinator");
    }

    public ActorSystem System => _system;

    public async Task<SimulationRoundResult> RunRoundAsync(int round, Action<RoundClosedNotice>? onRoundClosed = null, CancellationToken cancellation = default)
    {
        var p = _settings.Parameters;
        var plan = _settings.Dropouts.Draw(p.ClientCount, _settings.Seed, round);
        ulong[] Input(int client) => SimulatedInput.Of(p, _settings.Seed, round, client);
        var report = await AggregateAsync(p, Input, plan, _settings.Seed + round, onRoundClosed, cancellation);
        var verified = report.Aggregate is { } aggregate && report.Survivors.Count > 2
                       && aggregate.AsSpan().SequenceEqual(PlaintextSum.Of(p, report.Survivors[2], Input));
        return new SimulationRoundResult(round, plan, report, verified);
    }

    /// <summary>
    /// One aggregation of caller-supplied inputs (e.g. quantised model updates) over the same actors and journal; the
    /// parameters may differ from the simulation's (the learning job picks clients per round).
    /// </summary>
    public Task<AggregationReport> AggregateAsync(ProtocolParameters parameters, Func<int, ulong[]> inputOf, DropoutPlan dropouts, int seed,
        Action<RoundClosedNotice>? onRoundClosed = null, CancellationToken cancellation = default)
    {
        var request = new AggregationRequest(parameters, inputOf, dropouts, _settings.RoundTimeout, seed, _settings.CrashServerAfter, onRoundClosed,
            _settings.SnapshotAfterBytes);
        // Five rounds, each at most one timeout, plus slack for recovery and the final computation.
        var limit = TimeSpan.FromTicks(_settings.RoundTimeout.Ticks * 8) + TimeSpan.FromMinutes(1);
        return _coordinator.Ask<AggregationReport>(request, limit, cancellation);
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
