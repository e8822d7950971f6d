using System.Diagnostics;
using Akka.Actor;
using SecureAgg.Actors.Cluster;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Federated;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Training;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Training;

/// <summary>
/// Federated training over the cluster, the server's side: a first session securely sums the clients' feature
/// moments (the global standardiser, <see cref="SecureMomentSum"/> in one process), then each session is one FedAvg
/// round: clients train from the global model on their own data, the session sums their quantised weighted updates,
/// the server decodes Σw·Δ / Σw and steps the model, and its <see cref="TrainingEvaluator"/> evaluates it on the
/// held-out test subjects it holds, off the coordinator's thread. This part is the coordinator's journalled state:
/// the step, the moments, the global model and the metrics of the rounds so far.
/// The rounds, seeds and encodings are those of <see cref="FederatedTrainer"/> in secure mode (all clients every
/// round, client ids in shard order), so a cluster run reproduces the single-process run.
/// </summary>
public sealed class ClusterTrainingServer : IServerSessionTask
{
    private readonly TrainingSettings _settings;
    private readonly ActivityData _raw;
    private readonly MlpShape _shape;
    private readonly long _maxSampleCount;
    private readonly UpdateQuantizer _quantizer;
    private readonly FixedPointCodec _momentCodec = new();
    private readonly List<TrainingRoundMetrics> _metrics = [];
    private double[]? _summedMoments;
    private double[] _global;
    private int _round;

    public ClusterTrainingServer(TrainingSettings settings, ActivityData rawData)
    {
        if (settings.ServerOptimizer != ServerOptimizerKind.FedAvg || settings.LocalOptimizer != LocalOptimizerKind.Adam || settings.ClientsPerRound != 0)
            throw new ArgumentException("Cluster training runs FedAvg with Adam on every registered client each round.");
        settings.Validate();
        _settings = settings;
        _raw = rawData;
        _shape = new MlpShape(rawData.FeatureCount, settings.HiddenLayers, rawData.Classes);
        _maxSampleCount = rawData.Clients.Max(c => (long)c.Count);
        _quantizer = new UpdateQuantizer(settings.Clip, settings.QuantizationBits);
        _global = InitialModel();
    }

    public string Description => $"federated training: {_settings.Rounds} rounds over up to {_raw.Clients.Count} clients (one per data shard), " +
                                 $"MLP {string.Join('-', _shape.LayerSizes)}, test set of {_raw.TestLabels.Length} windows";

    public int? MaxClients => _raw.Clients.Count;

    public bool IsDone => _round >= _settings.Rounds;

    /// <summary>The longest vector any of its sessions sums (the moments, or the encoded update): the node's decoders refuse longer ones.</summary>
    public int MaxVectorLength => Math.Max(FeatureMoments.VectorLength(_raw.FeatureCount), WeightedUpdate.EncodedLength(_shape.ParameterCount));

    public (int VectorLength, int Bits) Shape(int clientCount) => _summedMoments is null
        ? (FeatureMoments.VectorLength(_raw.FeatureCount), _momentCodec.Bits)
        : (WeightedUpdate.EncodedLength(_shape.ParameterCount), TrainingSeeds.WordBits(clientCount, _settings.QuantizationBits));

    public byte[] Payload() => new ClusterTrainingPayload(
        _summedMoments is null ? ClusterTrainingStep.Moments : ClusterTrainingStep.Update, _summedMoments is null ? 0 : _round + 1, _settings.Seed,
        _settings.LocalEpochs, _settings.BatchSize, _settings.LearningRate, _settings.WeightDecay, _settings.HiddenLayers, _settings.Clip,
        _settings.QuantizationBits, _maxSampleCount, _summedMoments ?? [], _summedMoments is null ? [] : _global).Encode();

    public SessionTaskStep Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors)
    {
        var payload = ClusterTrainingPayload.Decode(opened.TaskPayload);
        var u3 = survivors[2];
        if (payload.Step == ClusterTrainingStep.Moments)
        {
            _summedMoments = _momentCodec.Decode(aggregate);
            return SessionTaskStep.Done(new SessionTaskOutcome(null, $"feature moments of {u3.Length} clients summed securely: global standardiser ready"));
        }
        var clock = Stopwatch.StartNew();
        var next = (double[])_global.Clone();
        try
        {
            var sum = _quantizer.DequantizeSum(aggregate, u3.Length, opened.Parameters.Bits);
            var average = new WeightedUpdate(_settings.Clip, _maxSampleCount).Decode(sum);
            ServerOptimizer.FedAvg(_settings.ServerLearningRate).Step(next, average.Delta);
        }
        catch (ArgumentException unusable)
        {
            // E.g. a decoded total weight ≤ 0 from quantisation noise: skip the round rather than apply garbage.
            return Skip(opened, payload.Round, unusable.Message,
                new SessionTaskOutcome(null, $"training round {payload.Round}/{_settings.Rounds} skipped: {unusable.Message}"));
        }
        // A new array each round, never written again: the evaluator reads it on its own thread.
        _global = next;
        _round = payload.Round;
        // The evaluator adds its own time: the server's work on the aggregate, as before it left this thread.
        return SessionTaskStep.Evaluate(Evaluation(new TrainingRoundMetrics(payload.Round, double.NaN, double.NaN, double.NaN, opened.Members.Count, u3.Length,
            opened.Members.Count - u3.Length, false, null, clock.Elapsed.TotalMilliseconds, 0)));
    }

    /// <summary>An aborted update round is skipped (the model stays), as in single-process training.</summary>
    public SessionTaskStep Skipped(ClusterSessionOpened opened, string reason)
    {
        var payload = ClusterTrainingPayload.Decode(opened.TaskPayload);
        return payload.Step == ClusterTrainingStep.Update ? Skip(opened, payload.Round, reason, null) : SessionTaskStep.Done(null);
    }

    private SessionTaskStep Skip(ClusterSessionOpened opened, int round, string reason, SessionTaskOutcome? outcome)
    {
        _round = round;
        return SessionTaskStep.Evaluate(Evaluation(new TrainingRoundMetrics(round, double.NaN, double.NaN, double.NaN, opened.Members.Count, 0,
            opened.Members.Count, true, reason, 0, 0)), outcome);
    }

    /// <summary>The evaluator's metrics of the round: every round so far, journalled with the session's end.</summary>
    public void Evaluated(SessionEvaluated evaluated)
    {
        if (evaluated.Report is not ClusterTrainingProgress progress)
            return;
        _metrics.Clear();
        _metrics.AddRange(progress.Rounds);
    }

    /// <summary>A journal with training rounds: the host hears of them (and of the model's accuracy) even if no round follows.</summary>
    public ISessionEvaluation? Resumed() => _metrics.Count > 0 ? Evaluation(null) : null;

    public Props Evaluator()
    {
        var (settings, shape, data) = (_settings, _shape, _raw);
        return Props.Create(() => new TrainingEvaluator(settings, shape, data));
    }

    private EvaluateTraining Evaluation(TrainingRoundMetrics? round) => new(round, _metrics.ToArray(), _global, _summedMoments);

    public byte[] State()
    {
        var writer = new WireWriter();
        writer.WriteInt32(_round);
        writer.WriteBoolean(_summedMoments is not null);
        writer.WriteDoubleArray(_summedMoments ?? []);
        writer.WriteDoubleArray(_global);
        writer.WriteInt32(_metrics.Count);
        foreach (var m in _metrics)
        {
            writer.WriteInt32(m.Round);
            writer.WriteDoubleArray([m.TestAccuracy, m.MacroF1, m.SecureAggregationMs]);
            writer.WriteInt32(m.Selected);
            writer.WriteInt32(m.Survivors);
            writer.WriteBoolean(m.Skipped);
        }
        return writer.ToArray();
    }

    public void Restore(byte[] state)
    {
        _metrics.Clear();
        if (state.Length == 0)
        {
            _round = 0;
            _summedMoments = null;
            _global = InitialModel();
            return;
        }
        var reader = new WireReader(state);
        _round = reader.ReadInt32("round");
        var hasMoments = reader.ReadBoolean("has moments");
        var moments = reader.ReadDoubleArray("summed moments");
        _summedMoments = hasMoments ? moments : null;
        var global = reader.ReadDoubleArray("global model");
        if (global.Length != _shape.ParameterCount)
            throw new WireFormatException($"The journalled model has {global.Length} parameters, this server's model {_shape.ParameterCount}: different settings or data.");
        _global = global;
        var count = reader.ReadCount("metrics", 1 << 20, 4);
        for (var i = 0; i < count; i++)
        {
            var round = reader.ReadInt32("metric round");
            var values = reader.ReadDoubleArray("metrics", 3);
            var selected = reader.ReadInt32("selected");
            var survivors = reader.ReadInt32("survivors");
            var skipped = reader.ReadBoolean("skipped");
            _metrics.Add(new TrainingRoundMetrics(round, double.NaN, values[0], values[1], selected, survivors, selected - survivors, skipped, null, values[2], 0));
        }
    }

    private double[] InitialModel() => MlpModel.Create(_shape, _settings.Seed, _settings.WeightDecay).ToVector();
}
