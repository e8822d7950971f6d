namespace SecureAgg.Learning.Model;

/// <summary>
/// Local training settings: <see cref="Epochs"/> passes over the data in mini-batches of <see cref="BatchSize"/>
/// (the last batch of an epoch may be smaller), shuffled by a generator seeded with <see cref="ShuffleSeed"/>.
/// </summary>
public sealed record TrainingOptions(int Epochs, int BatchSize, int ShuffleSeed)
{
    public void Validate()
    {
        if (Epochs < 1)
            throw new ArgumentException($"Epochs must be at least 1, got {Epochs}.");
        if (BatchSize < 1)
            throw new ArgumentException($"Batch size must be at least 1, got {BatchSize}.");
    }
}
