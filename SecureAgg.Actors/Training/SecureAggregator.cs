using Akka.Actor;
using System.Diagnostics;
using SecureAgg.Learning.Federated;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Actors.InProcess;
using SecureAgg.Learning.Training;
using SecureAgg.Simulation;

namespace SecureAgg.Actors.Training;

/// <summary>
/// Secure FedAvg's sum: each client quantises its [w, w·Δ] vector (clip ±c, stochastic rounding to q bits) and the
/// vectors go through a full secure-aggregation session over the actors; the server dequantises only the sum of the
/// clients in U3. Dropouts from the schedule apply; an aborted session skips the round.
/// </summary>
public sealed class SecureAggregator : IUpdateAggregator
{
    private readonly TrainingSettings _settings;
    private readonly UpdateQuantizer _quantizer;
    private readonly ActorSimulation _actors;

    /// <param name="coordinator">The <see cref="AggregationCoordinator"/> of the ActorSystem the host built (journal included).</param>
    public SecureAggregator(TrainingSettings settings, IActorRef coordinator)
    {
        _settings = settings;
        _quantizer = new UpdateQuantizer(settings.Clip, settings.QuantizationBits);
        var placeholder = ProtocolParameters.WithDefaults(2, 1);
        _actors = new ActorSimulation(new SimulationSettings(placeholder, 1, settings.DropoutSchedule, settings.Timeout, settings.Seed),
            coordinator);
    }

    /// <summary>The factory <see cref="FederatedTrainer"/> takes: secure sums through <paramref name="coordinator"/>.</summary>
    public static Func<TrainingSettings, IUpdateAggregator> Over(IActorRef coordinator) => settings => new SecureAggregator(settings, coordinator);

    public int WordBits(int clients) => TrainingSeeds.WordBits(clients, _settings.QuantizationBits);

    public async Task<AggregatedUpdates> SumAsync(int round, IReadOnlyList<(int Client, double[] Encoded)> updates, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var n = updates.Count;
        var bits = WordBits(n);
        var length = updates[0].Encoded.Length;
        // The same dropout-aware degree as the bench and the simulation (equal to 2⌈1.5·log2 n⌉ without dropouts).
        int? k = _settings.SparseGraph ? _settings.Neighbours ?? SecAggPlusDegree.Safe(n, _settings.DropoutSchedule.DropoutRate(n), _settings.Threshold) : null;
        var parameters = ProtocolParameters.WithDefaults(n, length, bits, _settings.SecurityMode, k, _settings.Threshold);
        // Protocol ids are 1..n in the order of this round's selection.
        var words = updates.Select(u => _quantizer.Quantize(u.Encoded, TrainingSeeds.Quantization(_settings.Seed, round, u.Client))).ToArray();
        var plan = _settings.DropoutSchedule.Draw(n, _settings.Seed, round);
        var report = await _actors.AggregateAsync(parameters, new ProvidedClientInputs(words), plan, _settings.Seed + round, cancellation: cancellation);
        if (report.Aggregate is not { } aggregate)
            return new AggregatedUpdates(null, [], report.AbortReason?.Message, clock.Elapsed.TotalMilliseconds, report.AbortReason is IInfrastructureFailure);
        var u3 = report.Survivors[2];
        var sum = _quantizer.DequantizeSum(aggregate, u3.Length, bits);
        return new AggregatedUpdates(sum, u3.Select(id => updates[id - 1].Client).ToArray(), null, clock.Elapsed.TotalMilliseconds);
    }

    // The actors belong to the host's ActorSystem.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
