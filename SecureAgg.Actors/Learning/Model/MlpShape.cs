namespace SecureAgg.Learning.Model;

/// <summary>
/// The architecture of an <see cref="MlpModel"/>: input width, hidden layer widths (e.g. [128, 64]) and the number of
/// classes. Equality compares the hidden sizes element by element, so two shapes built from different arrays match.
/// </summary>
public sealed record MlpShape
{
    public MlpShape(int inputSize, IReadOnlyList<int> hiddenSizes, int classes)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        if (inputSize < 1)
            throw new ArgumentException($"Input size must be at least 1, got {inputSize}.", nameof(inputSize));
        if (classes < 2)
            throw new ArgumentException($"A classifier needs at least 2 classes, got {classes}.", nameof(classes));
        for (var i = 0; i < hiddenSizes.Count; i++)
            if (hiddenSizes[i] < 1)
                throw new ArgumentException($"Hidden layer {i} has size {hiddenSizes[i]}; every layer needs at least 1 unit.", nameof(hiddenSizes));

        InputSize = inputSize;
        HiddenSizes = hiddenSizes.ToArray();
        Classes = classes;
        LayerSizes = [inputSize, .. HiddenSizes, classes];

        long count = 0;
        for (var l = 0; l + 1 < LayerSizes.Count; l++)
            count += (long)LayerSizes[l] * LayerSizes[l + 1] + LayerSizes[l + 1];
        if (count > int.MaxValue)
            throw new ArgumentException($"The network has {count} parameters; a flat vector holds at most {int.MaxValue}.");
        ParameterCount = (int)count;
    }

    public int InputSize { get; }
    public IReadOnlyList<int> HiddenSizes { get; }
    public int Classes { get; }

    /// <summary>Widths of every layer from input to output: [input, hidden..., classes].</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    /// <summary>Number of dense layers (weight matrix + bias pairs): hidden layers + 1.</summary>
    public int DenseLayerCount => LayerSizes.Count - 1;

    /// <summary>Length of the flat parameter vector: Σ over dense layers of in·out + out.</summary>
    public int ParameterCount { get; }

    public bool Equals(MlpShape? other) =>
        other is not null && InputSize == other.InputSize && Classes == other.Classes && HiddenSizes.SequenceEqual(other.HiddenSizes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var size in LayerSizes)
            hash.Add(size);
        return hash.ToHashCode();
    }

    public override string ToString() => $"MlpShape({string.Join("-", LayerSizes)})";
}
