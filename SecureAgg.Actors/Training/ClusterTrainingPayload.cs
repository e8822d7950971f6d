using SecureAgg.Serialization;

namespace SecureAgg.Actors.Training;

public enum ClusterTrainingStep : byte
{
    /// <summary>Clients contribute their feature moments (fixed point); the sum gives the global standardiser.</summary>
    Moments = 1,

    /// <summary>Clients train from the global model and contribute their quantised weighted update.</summary>
    Update = 2,
}

/// <summary>
/// What a client of a cluster training session receives with its assignment: the step, the round, the public
/// training recipe (the same for every client), and for an update round the summed moments (each client derives
/// the same standardiser from them) and the global model.
/// </summary>
public sealed record ClusterTrainingPayload(
    ClusterTrainingStep Step,
    int Round,
    int Seed,
    int LocalEpochs,
    int BatchSize,
    double LearningRate,
    double WeightDecay,
    IReadOnlyList<int> Hidden,
    double Clip,
    int QuantizationBits,
    long MaxSampleCount,
    double[] SummedMoments,
    double[] GlobalModel)
{
    private const int MaxLayers = 16;
    private const int MaxDoubles = 1 << 23;

    public byte[] Encode()
    {
        var writer = new WireWriter(64 + 8 * (SummedMoments.Length + GlobalModel.Length));
        writer.WriteByte((byte)Step);
        writer.WriteInt32(Round);
        writer.WriteInt32(Seed);
        writer.WriteInt32(LocalEpochs);
        writer.WriteInt32(BatchSize);
        writer.WriteDouble(LearningRate);
        writer.WriteDouble(WeightDecay);
        writer.WriteInt32Array(Hidden.ToArray());
        writer.WriteDouble(Clip);
        writer.WriteInt32(QuantizationBits);
        writer.WriteInt64(MaxSampleCount);
        writer.WriteDoubleArray(SummedMoments);
        writer.WriteDoubleArray(GlobalModel);
        return writer.ToArray();
    }

    /// <summary>Decodes a payload; anything malformed is a <see cref="WireFormatException"/> naming the field.</summary>
    public static ClusterTrainingPayload Decode(byte[] bytes)
    {
        var reader = new WireReader(bytes);
        var step = reader.ReadByte("step");
        if (!Enum.IsDefined((ClusterTrainingStep)step))
            throw new WireFormatException($"Unknown training step {step}.");
        var payload = new ClusterTrainingPayload((ClusterTrainingStep)step, reader.ReadInt32("round"), reader.ReadInt32("seed"), reader.ReadInt32("local epochs"),
            reader.ReadInt32("batch size"), reader.ReadDouble("learning rate"), reader.ReadDouble("weight decay"), reader.ReadInt32Array("hidden", MaxLayers),
            reader.ReadDouble("clip"), reader.ReadInt32("quantization bits"), reader.ReadInt64("max sample count"), reader.ReadDoubleArray("summed moments", MaxDoubles),
            reader.ReadDoubleArray("global model", MaxDoubles));
        if (!reader.IsAtEnd)
            throw new WireFormatException($"{reader.Remaining} trailing bytes after a training payload.");
        if (payload.Round < 0 || payload.LocalEpochs < 1 || payload.BatchSize < 1 || payload.MaxSampleCount < 1 || payload.Hidden.Count == 0)
            throw new WireFormatException("A training payload has a non-positive round, epoch count, batch size, sample bound or no hidden layer.");
        if (payload.Step == ClusterTrainingStep.Update && (payload.SummedMoments.Length == 0 || payload.GlobalModel.Length == 0))
            throw new WireFormatException("An update round's payload must carry the summed moments and the global model.");
        return payload;
    }
}
