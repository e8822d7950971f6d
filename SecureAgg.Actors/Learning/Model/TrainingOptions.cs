namespace SecureAgg.Learning.Model;

/// <summary>
/// Local training settings: <see cref="Epochs"/> passes over the data in mini-batches of <see cref="BatchSize"/>
/// (the last batch of an epoch may be smaller), shuffled by a generator seeded with <see cref="ShuffleSeed"/>.
/// <see cref="InputNoise"/> σ &gt; 0 adds N(0, σ²) to every standardised input of a batch (augmentation: a phone never
/// reads the same signal twice); the noise generator is seeded from the shuffle seed.
/// </summary>
public sealed record TrainingOptions(int Epochs, int BatchSize, int ShuffleSeed, double InputNoise = 0)
{
    public void Validate()
    {
        if (Epochs < 1)
            throw new ArgumentException($"Epochs must be at least 1, got {Epochs}.");
        if (BatchSize < 1)
            throw new ArgumentException($"Batch size must be at least 1, got {BatchSize}.");
        if (!(InputNoise >= 0) || double.IsInfinity(InputNoise))
            throw new ArgumentException($"Input noise must be zero or positive, got {InputNoise}.");
    }
}
