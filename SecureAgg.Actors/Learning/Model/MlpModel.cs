using MathNet.Numerics.LinearAlgebra;

namespace SecureAgg.Learning.Model;

/// <summary>
/// A multilayer perceptron classifier: dense layers with ReLU between them, softmax + cross-entropy at the output,
/// float64 throughout. Batches are matrices with one sample per row.
/// <para>
/// Flat parameter order (what <see cref="ToVector"/> writes, <see cref="FromVector"/> reads and every gradient uses):
/// for each dense layer l = 0 .. L−1 from input to output, first its weight matrix W_l (in_l × out_l) in row-major
/// order — W_l[i, j], input unit i to output unit j, at offset_l + i·out_l + j — then its bias b_l (out_l entries).
/// Federated averaging adds and averages these vectors, so the order is part of the wire contract: every client and
/// the server must use the same <see cref="MlpShape"/>.
/// </para>
/// </summary>
public sealed class MlpModel
{
    private readonly Matrix<double>[] _weights;
    private readonly Vector<double>[] _biases;

    private MlpModel(MlpShape shape, double weightDecay, Matrix<double>[] weights, Vector<double>[] biases)
    {
        Shape = shape;
        WeightDecay = weightDecay;
        _weights = weights;
        _biases = biases;
    }

    public MlpShape Shape { get; }

    /// <summary>L2 coefficient λ: the loss gains λ/2·Σ‖W‖² over weight matrices (biases are not decayed).</summary>
    public double WeightDecay { get; }

    public int ParameterCount => Shape.ParameterCount;

    /// <summary>
    /// He initialisation: W ~ N(0, 2/fan_in), b = 0. The seed only makes runs reproducible; the initial model is public
    /// (the server broadcasts it), so a non-cryptographic generator is fine.
    /// </summary>
    public static MlpModel Create(MlpShape shape, int seed, double weightDecay = 0)
    {
        ArgumentNullException.ThrowIfNull(shape);
        CheckWeightDecay(weightDecay);

        var random = new Random(seed);
        var layers = shape.DenseLayerCount;
        var weights = new Matrix<double>[layers];
        var biases = new Vector<double>[layers];
        for (var l = 0; l < layers; l++)
        {
            int fanIn = shape.LayerSizes[l], fanOut = shape.LayerSizes[l + 1];
            var std = Math.Sqrt(2.0 / fanIn);
            var w = Matrix<double>.Build.Dense(fanIn, fanOut);
            for (var i = 0; i < fanIn; i++)
                for (var j = 0; j < fanOut; j++)
                    w.At(i, j, std * StandardNormal(random));
            weights[l] = w;
            biases[l] = Vector<double>.Build.Dense(fanOut);
        }
        return new MlpModel(shape, weightDecay, weights, biases);
    }

    /// <summary>A model of <paramref name="shape"/> holding the given flat parameters.</summary>
    public static MlpModel WithParameters(MlpShape shape, ReadOnlySpan<double> parameters, double weightDecay = 0)
    {
        ArgumentNullException.ThrowIfNull(shape);
        CheckWeightDecay(weightDecay);
        var layers = shape.DenseLayerCount;
        var weights = new Matrix<double>[layers];
        var biases = new Vector<double>[layers];
        for (var l = 0; l < layers; l++)
        {
            weights[l] = Matrix<double>.Build.Dense(shape.LayerSizes[l], shape.LayerSizes[l + 1]);
            biases[l] = Vector<double>.Build.Dense(shape.LayerSizes[l + 1]);
        }
        var model = new MlpModel(shape, weightDecay, weights, biases);
        model.FromVector(parameters);
        return model;
    }

    public MlpModel Clone() =>
        new(Shape, WeightDecay, _weights.Select(w => w.Clone()).ToArray(), _biases.Select(b => b.Clone()).ToArray());

    /// <summary>All parameters as one vector in the documented order.</summary>
    public double[] ToVector()
    {
        var vector = new double[ParameterCount];
        var offset = 0;
        for (var l = 0; l < _weights.Length; l++)
        {
            var w = _weights[l];
            for (var i = 0; i < w.RowCount; i++)
                for (var j = 0; j < w.ColumnCount; j++)
                    vector[offset++] = w.At(i, j);
            for (var j = 0; j < _biases[l].Count; j++)
                vector[offset++] = _biases[l].At(j);
        }
        return vector;
    }

    /// <summary>Overwrites every parameter from a flat vector in the documented order.</summary>
    public void FromVector(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"{Shape} has {ParameterCount} parameters, the vector has {parameters.Length}.", nameof(parameters));
        var offset = 0;
        for (var l = 0; l < _weights.Length; l++)
        {
            var w = _weights[l];
            for (var i = 0; i < w.RowCount; i++)
                for (var j = 0; j < w.ColumnCount; j++)
                    w.At(i, j, parameters[offset++]);
            for (var j = 0; j < _biases[l].Count; j++)
                _biases[l].At(j, parameters[offset++]);
        }
    }

    /// <summary>Class probabilities, one row per sample.</summary>
    public Matrix<double> Forward(Matrix<double> features)
    {
        var logits = ForwardPass(features, keepInputs: null);
        return SoftmaxRows(logits);
    }

    public int[] Predict(Matrix<double> features)
    {
        var logits = ForwardPass(features, keepInputs: null);
        var predictions = new int[logits.RowCount];
        for (var r = 0; r < logits.RowCount; r++)
        {
            var best = 0;
            for (var c = 1; c < logits.ColumnCount; c++)
                if (logits.At(r, c) > logits.At(r, best))
                    best = c;
            predictions[r] = best;
        }
        return predictions;
    }

    public int[] Predict(IReadOnlyList<double[]> features) => Predict(FeatureMatrix.FromRows(features));

    /// <summary>Mean cross-entropy over the batch plus λ/2·Σ‖W‖².</summary>
    public double Loss(Matrix<double> features, IReadOnlyList<int> labels)
    {
        CheckLabels(features, labels);
        var logits = ForwardPass(features, keepInputs: null);
        return MeanCrossEntropy(logits, labels) + DecayPenalty();
    }

    public double Loss(IReadOnlyList<double[]> features, IReadOnlyList<int> labels) => Loss(FeatureMatrix.FromRows(features), labels);

    /// <summary>
    /// Backpropagation: the loss of <see cref="Loss(Matrix{double}, IReadOnlyList{int})"/> and its gradient with respect
    /// to every parameter, in the flat order.
    /// </summary>
    public LossGradient Backward(Matrix<double> features, IReadOnlyList<int> labels)
    {
        CheckLabels(features, labels);
        var inputs = new Matrix<double>[_weights.Length];
        var logits = ForwardPass(features, inputs);
        var loss = MeanCrossEntropy(logits, labels) + DecayPenalty();

        // d(mean CE)/d(logits) = (softmax − one-hot) / N.
        var delta = SoftmaxRows(logits);
        var n = features.RowCount;
        for (var r = 0; r < n; r++)
            delta.At(r, labels[r], delta.At(r, labels[r]) - 1);
        delta.Divide(n, delta);

        var gradient = new double[ParameterCount];
        var offsets = LayerOffsets();
        for (var l = _weights.Length - 1; l >= 0; l--)
        {
            var dW = inputs[l].TransposeThisAndMultiply(delta);
            if (WeightDecay > 0)
                dW.Add(_weights[l].Multiply(WeightDecay), dW);
            var db = delta.ColumnSums();

            var offset = offsets[l];
            for (var i = 0; i < dW.RowCount; i++)
                for (var j = 0; j < dW.ColumnCount; j++)
                    gradient[offset++] = dW.At(i, j);
            for (var j = 0; j < db.Count; j++)
                gradient[offset++] = db.At(j);

            if (l > 0)
            {
                // Through W_l, then through the ReLU that produced inputs[l]: its derivative is 1 where the output is > 0.
                var upstream = delta.TransposeAndMultiply(_weights[l]);
                var activation = inputs[l];
                upstream.MapIndexedInplace((r, c, v) => activation.At(r, c) > 0 ? v : 0);
                delta = upstream;
            }
        }
        return new LossGradient(loss, gradient);
    }

    public LossGradient Backward(IReadOnlyList<double[]> features, IReadOnlyList<int> labels) =>
        Backward(FeatureMatrix.FromRows(features), labels);

    /// <summary>Runs the layers and returns the logits; optionally keeps each dense layer's input for backprop.</summary>
    private Matrix<double> ForwardPass(Matrix<double> features, Matrix<double>[]? keepInputs)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.ColumnCount != Shape.InputSize)
            throw new ArgumentException($"{Shape} expects {Shape.InputSize} features, the batch has {features.ColumnCount}.", nameof(features));
        if (features.RowCount == 0)
            throw new ArgumentException("A batch needs at least one sample.", nameof(features));

        var a = features;
        for (var l = 0; l < _weights.Length; l++)
        {
            if (keepInputs is not null)
                keepInputs[l] = a;
            var z = a.Multiply(_weights[l]);
            var bias = _biases[l];
            var hidden = l < _weights.Length - 1;
            z.MapIndexedInplace((_, c, v) =>
            {
                var pre = v + bias.At(c);
                return hidden && pre < 0 ? 0 : pre;
            }, Zeros.Include);
            a = z;
        }
        return a;
    }

    private static Matrix<double> SoftmaxRows(Matrix<double> logits)
    {
        var probabilities = logits.Clone();
        for (var r = 0; r < probabilities.RowCount; r++)
        {
            // Subtracting the row maximum keeps exp from overflowing without changing the result.
            var max = double.NegativeInfinity;
            for (var c = 0; c < probabilities.ColumnCount; c++)
                max = Math.Max(max, probabilities.At(r, c));
            var sum = 0.0;
            for (var c = 0; c < probabilities.ColumnCount; c++)
            {
                var e = Math.Exp(probabilities.At(r, c) - max);
                probabilities.At(r, c, e);
                sum += e;
            }
            for (var c = 0; c < probabilities.ColumnCount; c++)
                probabilities.At(r, c, probabilities.At(r, c) / sum);
        }
        return probabilities;
    }

    /// <summary>Mean of log Σ exp(z) − z_y over rows, via log-sum-exp so large logits do not overflow.</summary>
    private static double MeanCrossEntropy(Matrix<double> logits, IReadOnlyList<int> labels)
    {
        var total = 0.0;
        for (var r = 0; r < logits.RowCount; r++)
        {
            var max = double.NegativeInfinity;
            for (var c = 0; c < logits.ColumnCount; c++)
                max = Math.Max(max, logits.At(r, c));
            var sum = 0.0;
            for (var c = 0; c < logits.ColumnCount; c++)
                sum += Math.Exp(logits.At(r, c) - max);
            total += max + Math.Log(sum) - logits.At(r, labels[r]);
        }
        return total / logits.RowCount;
    }

    private double DecayPenalty()
    {
        if (WeightDecay == 0)
            return 0;
        var squares = 0.0;
        foreach (var w in _weights)
        {
            var norm = w.FrobeniusNorm();
            squares += norm * norm;
        }
        return 0.5 * WeightDecay * squares;
    }

    private int[] LayerOffsets()
    {
        var offsets = new int[_weights.Length];
        for (var l = 1; l < offsets.Length; l++)
            offsets[l] = offsets[l - 1] + _weights[l - 1].RowCount * _weights[l - 1].ColumnCount + _biases[l - 1].Count;
        return offsets;
    }

    private void CheckLabels(Matrix<double> features, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != features.RowCount)
            throw new ArgumentException($"The batch has {features.RowCount} samples but {labels.Count} labels.", nameof(labels));
        for (var r = 0; r < labels.Count; r++)
            if ((uint)labels[r] >= (uint)Shape.Classes)
                throw new ArgumentException($"Label {labels[r]} of sample {r} is outside [0, {Shape.Classes}).", nameof(labels));
    }

    private static void CheckWeightDecay(double weightDecay)
    {
        if (!(weightDecay >= 0) || double.IsInfinity(weightDecay))
            throw new ArgumentException($"Weight decay must be a finite non-negative number, got {weightDecay}.", nameof(weightDecay));
    }

    /// <summary>Box–Muller: one N(0, 1) draw from two uniforms (1 − u keeps the logarithm away from 0).</summary>
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
