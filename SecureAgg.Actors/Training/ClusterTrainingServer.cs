using System.Diagnostics;
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
/// the server decodes Σw·Δ / Σw and steps the model, and evaluates it on the held-out test subjects it holds.
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
    private double[][]? _testFeatures;
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

    public IReadOnlyList<TrainingRoundMetrics> Metrics => _metrics;

    public MlpModel Model => MlpModel.WithParameters(_shape, _global, _settings.WeightDecay);

    public (int VectorLength, int Bits) Shape(int clientCount) => _summedMoments is null
        ? (FeatureMoments.VectorLength(_raw.FeatureCount), _momentCodec.Bits)
        : (WeightedUpdate.EncodedLength(_shape.ParameterCount), TrainingSeeds.WordBits(clientCount, _settings.QuantizationBits));

    public byte[] Payload() => new ClusterTrainingPayload(
        _summedMoments is null ? ClusterTrainingStep.Moments : ClusterTrainingStep.Update, _summedMoments is null ? 0 : _round + 1, _settings.Seed,
        _settings.LocalEpochs, _settings.BatchSize, _settings.LearningRate, _settings.WeightDecay, _settings.HiddenLayers, _settings.Clip,
        _settings.QuantizationBits, _maxSampleCount, _summedMoments ?? [], _summedMoments is null ? [] : _global).Encode();

    public SessionTaskOutcome Complete(ClusterSessionOpened opened, ulong[] aggregate, IReadOnlyList<int[]> survivors)
    {
        var payload = ClusterTrainingPayload.Decode(opened.TaskPayload);
        var u3 = survivors[2];
        if (payload.Step == ClusterTrainingStep.Moments)
        {
            _summedMoments = _momentCodec.Decode(aggregate);
            _testFeatures = null;
            return new SessionTaskOutcome(null, $"feature moments of {u3.Length} clients summed securely: global standardiser ready");
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
            Skipped(opened, unusable.Message);
            return new SessionTaskOutcome(null, $"training round {payload.Round}/{_settings.Rounds} skipped: {unusable.Message}");
        }
        _global = next;
        _round = payload.Round;
        var report = Evaluate();
        _metrics.Add(new TrainingRoundMetrics(payload.Round, double.NaN, report.Accuracy, report.MacroF1, opened.Members.Count, u3.Length,
            opened.Members.Count - u3.Length, false, null, clock.Elapsed.TotalMilliseconds, 0));
        return new SessionTaskOutcome(null,
            FormattableString.Invariant($"training round {payload.Round}/{_settings.Rounds}: test accuracy {report.Accuracy:F4}, macro F1 {report.MacroF1:F4} ({u3.Length} clients in the sum)"));
    }

    /// <summary>An aborted update round is skipped (the model stays), as in single-process training.</summary>
    public void Skipped(ClusterSessionOpened opened, string reason)
    {
        var payload = ClusterTrainingPayload.Decode(opened.TaskPayload);
        if (payload.Step != ClusterTrainingStep.Update)
            return;
        _round = payload.Round;
        var report = Evaluate();
        _metrics.Add(new TrainingRoundMetrics(payload.Round, double.NaN, report.Accuracy, report.MacroF1, opened.Members.Count, 0, opened.Members.Count, true, reason, 0, 0));
    }

    public ClassificationReport Evaluate()
    {
        _testFeatures ??= _summedMoments is null
            ? _raw.TestFeatures
            : ActivityDataBuilder.GlobalStandardizer(_summedMoments).ApplyAll(_raw.TestFeatures);
        return Learning.Model.Metrics.Evaluate(_raw.TestLabels, Model.Predict(_testFeatures), _raw.Classes);
    }

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
        _testFeatures = null;
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
