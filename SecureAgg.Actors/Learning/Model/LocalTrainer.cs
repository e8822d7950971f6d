namespace SecureAgg.Learning.Model;

/// <summary>
/// Mini-batch training of an <see cref="MlpModel"/> on one client's data. Shuffling uses a seeded
/// <see cref="System.Random"/>: the order is not a secret, and a fixed seed makes a federated run reproducible.
/// </summary>
public sealed class LocalTrainer(TrainingOptions options)
{
    public TrainingOptions Options { get; } = Validated(options);

    /// <summary>
    /// Trains a copy of <paramref name="model"/> for the configured epochs. <paramref name="optimizer"/> should be a fresh
    /// instance (its state is sized to this model).
    /// </summary>
    public TrainingResult Train(MlpModel model, IReadOnlyList<double[]> features, IReadOnlyList<int> labels, IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (features.Count == 0)
            throw new ArgumentException("Training needs at least one sample.", nameof(features));
        if (features.Count != labels.Count)
            throw new ArgumentException($"{features.Count} samples but {labels.Count} labels.", nameof(labels));

        var trained = model.Clone();
        var parameters = trained.ToVector();
        var random = new Random(Options.ShuffleSeed);
        // Augmentation noise is not secret either; its own generator keeps the batch order independent of σ.
        var noise = Options.InputNoise > 0 ? new Random(unchecked(Options.ShuffleSeed * 31 + 17)) : null;
        var order = new int[features.Count];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;

        var epochLosses = new double[Options.Epochs];
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var lossSum = 0.0;
            for (var start = 0; start < order.Length; start += Options.BatchSize)
            {
                var batch = order.AsSpan(start, Math.Min(Options.BatchSize, order.Length - start));
                var batchLabels = new int[batch.Length];
                for (var i = 0; i < batch.Length; i++)
                    batchLabels[i] = labels[batch[i]];

                var inputs = FeatureMatrix.FromRows(features, batch);
                if (noise is not null)
                    AddNoise(inputs, noise);
                var step = trained.Backward(inputs, batchLabels);
                optimizer.Step(parameters, step.Gradient);
                trained.FromVector(parameters);
                lossSum += step.Loss * batch.Length;
            }
            epochLosses[epoch] = lossSum / order.Length;
        }
        return new TrainingResult(trained, epochLosses[^1], epochLosses);
    }

    private void AddNoise(MathNet.Numerics.LinearAlgebra.Matrix<double> inputs, Random noise)
    {
        var sigma = Options.InputNoise;
        for (var r = 0; r < inputs.RowCount; r++)
        for (var c = 0; c < inputs.ColumnCount; c++)
        {
            // Box–Muller: one standard normal from two uniforms.
            var u = 1.0 - noise.NextDouble();
            var v = noise.NextDouble();
            inputs.At(r, c, inputs.At(r, c) + sigma * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
    }

    private static TrainingOptions Validated(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
