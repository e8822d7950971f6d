using MathNet.Numerics.LinearAlgebra;
using SecureAgg.Learning.Model;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Learning.Model;

public sealed class MlpModelSpecs(ITestOutputHelper output)
{
    private static readonly MlpShape Tiny = new(5, [4, 3], 3);

    // Seeds whose random batch leaves no ReLU path dead on every sample, so no gradient is trivially zero.
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(1, 0.01)]
    [InlineData(4, 0.0)]
    [InlineData(4, 0.01)]
    [InlineData(5, 0.0)]
    [InlineData(5, 0.01)]
    public void Backprop_matches_central_finite_differences_for_every_parameter(int seed, double weightDecay)
    {
        var model = MlpModel.Create(Tiny, seed, weightDecay);
        var random = new Random(11);
        var x = Matrix<double>.Build.Dense(24, Tiny.InputSize, (_, _) => 2 * random.NextDouble() - 1);
        var y = Enumerable.Range(0, 24).Select(_ => random.Next(Tiny.Classes)).ToArray();
        // Non-zero biases so no ReLU sits exactly at its kink and the check covers the bias gradients fully.
        var theta = model.ToVector().Select(v => v + 0.1 * (random.NextDouble() - 0.5)).ToArray();
        model.FromVector(theta);

        var analytic = model.Backward(x, y);
        Assert.Equal(model.Loss(x, y), analytic.Loss, 12);
        Assert.Equal(51, analytic.Gradient.Length);

        const double h = 1e-5;
        var worst = 0.0;
        var floored = 0;
        for (var k = 0; k < theta.Length; k++)
        {
            var probe = (double[])theta.Clone();
            probe[k] = theta[k] + h;
            model.FromVector(probe);
            var up = model.Loss(x, y);
            probe[k] = theta[k] - h;
            model.FromVector(probe);
            var down = model.Loss(x, y);
            var numeric = (up - down) / (2 * h);

            var a = analytic.Gradient[k];
            // Relative error with a floor so an exactly-zero gradient (a dead unit) is compared absolutely.
            var scale = Math.Max(Math.Abs(a), Math.Abs(numeric));
            if (scale < 1e-7)
            {
                floored++;
                output.WriteLine($"parameter {k} has a near-zero gradient: analytic {a:R}, numeric {numeric:R}");
            }
            var relative = Math.Abs(a - numeric) / Math.Max(scale, 1e-7);
            worst = Math.Max(worst, relative);
            Assert.True(relative < 1e-6, $"parameter {k}: analytic {a:R}, numeric {numeric:R}, relative error {relative:E2}");
        }
        output.WriteLine($"seed {seed}, λ = {weightDecay}: worst relative error over {theta.Length} parameters = {worst:E2} ({floored} compared against the 1e-7 floor)");
        Assert.True(floored == 0, $"{floored} near-zero gradients: the check would be vacuous");
    }

    [Fact]
    public void Flat_vector_round_trips_and_loads_into_another_model()
    {
        var a = MlpModel.Create(Tiny, seed: 1);
        var b = MlpModel.Create(Tiny, seed: 2);
        var vector = a.ToVector();
        Assert.Equal(Tiny.ParameterCount, vector.Length);
        Assert.NotEqual(vector, b.ToVector());

        b.FromVector(vector);
        Assert.Equal(vector, b.ToVector());
        var x = Matrix<double>.Build.Dense(4, 5, (i, j) => i - j * 0.5);
        Assert.Equal(a.Predict(x), b.Predict(x));
        Assert.Equal(a.Forward(x).ToArray(), b.Forward(x).ToArray());

        var c = MlpModel.WithParameters(Tiny, vector);
        Assert.Equal(vector, c.ToVector());
        Assert.Throws<ArgumentException>(() => b.FromVector(new double[vector.Length - 1]));
    }

    [Fact]
    public void Flat_order_is_weights_row_major_then_bias_per_layer()
    {
        // No hidden layer: logits = x·W + b, so a one-hot input reads out one row of W plus b.
        var shape = new MlpShape(3, [], 2);
        var vector = new double[] { 0, 1, 10, 11, 20, 21, 100, 200 }; // W[i, j] = 10i + j, b = [100, 200]
        var model = MlpModel.WithParameters(shape, vector);
        var x = Matrix<double>.Build.DenseOfRowArrays([0.0, 1.0, 0.0]);
        var p = model.Forward(x);
        // Logits [110, 211]: softmax difference depends only on 211 − 110 = 101.
        Assert.Equal(1 / (1 + Math.Exp(101)), p[0, 0], 15);
        Assert.Equal(1, model.Predict(x)[0]);
    }

    [Fact]
    public void He_initialisation_is_seeded_with_zero_biases_and_fan_in_variance()
    {
        var shape = new MlpShape(400, [300], 2);
        var first = MlpModel.Create(shape, seed: 5).ToVector();
        Assert.Equal(first, MlpModel.Create(shape, seed: 5).ToVector());

        var weights = first.Take(400 * 300).ToArray();
        var biases = first.Skip(400 * 300).Take(300);
        Assert.All(biases, b => Assert.Equal(0.0, b));
        var variance = weights.Select(w => w * w).Average();
        Assert.InRange(variance, 2.0 / 400 * 0.97, 2.0 / 400 * 1.03);
    }

    [Fact]
    public void Shapes_compare_by_value()
    {
        Assert.Equal(new MlpShape(5, [4, 3], 3), new MlpShape(5, new List<int> { 4, 3 }, 3));
        Assert.NotEqual(new MlpShape(5, [4, 3], 3), new MlpShape(5, [3, 4], 3));
        Assert.Equal(new MlpShape(5, [4, 3], 3).GetHashCode(), new MlpShape(5, [4, 3], 3).GetHashCode());
        Assert.Throws<ArgumentException>(() => new MlpShape(5, [0], 3));
    }

    [Fact]
    public void Loss_is_stable_for_huge_logits()
    {
        var shape = new MlpShape(1, [], 2);
        var model = MlpModel.WithParameters(shape, [1000, -1000, 0, 0]);
        var x = Matrix<double>.Build.DenseOfRowArrays([1.0]);
        Assert.Equal(2000, model.Loss(x, [1]), 9);
        Assert.Equal(0, model.Loss(x, [0]), 9);
    }
}
