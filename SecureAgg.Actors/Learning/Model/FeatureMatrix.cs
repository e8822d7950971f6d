using MathNet.Numerics.LinearAlgebra;

namespace SecureAgg.Learning.Model;

/// <summary>Builds the mini-batch matrices the model works on (rows = samples) from jagged feature arrays.</summary>
public static class FeatureMatrix
{
    /// <summary>All rows of <paramref name="features"/> as one matrix.</summary>
    public static Matrix<double> FromRows(IReadOnlyList<double[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var indices = new int[features.Count];
        for (var i = 0; i < indices.Length; i++)
            indices[i] = i;
        return FromRows(features, indices);
    }

    /// <summary>The rows named by <paramref name="indices"/>, in that order (a shuffled mini-batch).</summary>
    public static Matrix<double> FromRows(IReadOnlyList<double[]> features, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (indices.Length == 0)
            throw new ArgumentException("A batch needs at least one sample.", nameof(indices));
        var width = features[indices[0]].Length;
        var matrix = Matrix<double>.Build.Dense(indices.Length, width);
        for (var r = 0; r < indices.Length; r++)
        {
            var row = features[indices[r]];
            if (row.Length != width)
                throw new ArgumentException($"Sample {indices[r]} has {row.Length} features, sample {indices[0]} has {width}.", nameof(features));
            for (var c = 0; c < width; c++)
                matrix.At(r, c, row[c]);
        }
        return matrix;
    }
}
