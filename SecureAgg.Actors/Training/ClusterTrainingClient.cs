using System.Collections.Concurrent;
using SecureAgg.Actors.Cluster;
using SecureAgg.Learning.Features;
using SecureAgg.Learning.Federated;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Training;

namespace SecureAgg.Actors.Training;

/// <summary>
/// Federated training over the cluster, a client's side: client id u trains on data shard u − 1 of the node's data
/// (in a deployment each device holds only its own data; a simulated client node loads the data set and each
/// client uses the shard its id names). For the moment session it contributes its fixed-point feature moments; for
/// an update round it standardises with the summed moments, trains E local epochs from the global model and
/// contributes its quantised weighted update, with the seeds <see cref="FederatedTrainer"/> uses.
/// </summary>
public sealed class ClusterTrainingClient(ActivityData rawData) : IClientSessionTask
{
    private readonly ConcurrentDictionary<int, (double[] Moments, double[][] Features)> _standardized = new();

    public Task<ulong[]> InputAsync(SessionAssignment assignment) => Task.Run(() => Input(assignment));

    private ulong[] Input(SessionAssignment assignment)
    {
        var payload = ClusterTrainingPayload.Decode(assignment.TaskPayload);
        var shardId = assignment.ClientId - 1;
        if (shardId >= rawData.Clients.Count)
            throw new ArgumentException($"client id {assignment.ClientId} has no data shard: this node's data has {rawData.Clients.Count}.");
        var shard = rawData.Clients[shardId];
        var p = assignment.Parameters;
        if (payload.Step == ClusterTrainingStep.Moments)
        {
            var codec = new FixedPointCodec();
            var moments = FeatureMoments.Of(shard.Features).ToVector();
            if (p.VectorLength != moments.Length || p.Bits != codec.Bits)
                throw new ArgumentException($"the moment session expects {p.VectorLength} words of {p.Bits} bits, this client has {moments.Length} of {codec.Bits}.");
            return codec.Encode(moments);
        }

        var features = Standardized(shard, payload.SummedMoments);
        var shape = new MlpShape(rawData.FeatureCount, payload.Hidden, rawData.Classes);
        if (payload.GlobalModel.Length != shape.ParameterCount || p.VectorLength != WeightedUpdate.EncodedLength(shape.ParameterCount))
            throw new ArgumentException($"the global model has {payload.GlobalModel.Length} parameters, this client's model {shape.ParameterCount}: different data or settings.");
        var start = MlpModel.WithParameters(shape, payload.GlobalModel, payload.WeightDecay);
        var trainer = new LocalTrainer(new TrainingOptions(payload.LocalEpochs, payload.BatchSize, TrainingSeeds.LocalShuffle(payload.Seed, payload.Round, shard.Id)));
        var trained = trainer.Train(start, features, shard.Labels, new AdamOptimizer(payload.LearningRate)).Model.ToVector();
        var delta = new double[trained.Length];
        for (var j = 0; j < delta.Length; j++)
            delta[j] = trained[j] - payload.GlobalModel[j];
        var encoded = new WeightedUpdate(payload.Clip, payload.MaxSampleCount).Encode(delta, shard.Count);
        var quantizer = new UpdateQuantizer(payload.Clip, payload.QuantizationBits);
        if (UpdateQuantizer.RequiredBits(p.ClientCount, payload.QuantizationBits) > p.Bits)
            throw new ArgumentException($"b = {p.Bits} bits cannot hold the sum of {p.ClientCount} updates quantised to {payload.QuantizationBits} bits.");
        return quantizer.Quantize(encoded, TrainingSeeds.Quantization(payload.Seed, payload.Round, shard.Id));
    }

    private double[][] Standardized(ClientData shard, double[] summedMoments)
    {
        if (_standardized.TryGetValue(shard.Id, out var cached) && cached.Moments.AsSpan().SequenceEqual(summedMoments))
            return cached.Features;
        var features = ActivityDataBuilder.GlobalStandardizer(summedMoments).ApplyAll(shard.Features);
        _standardized[shard.Id] = (summedMoments, features);
        return features;
    }
}
