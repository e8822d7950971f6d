namespace SecureAgg.Tests.Learning.Model;

/// <summary>
/// A seeded classification set: one isotropic Gaussian blob per class, centred at spread·e_k (the corners of a simplex),
/// so every pair of centres is spread·√2 apart and, with spread/noise = 4, the Bayes error is about 0.3%.
/// </summary>
internal sealed record GaussianBlobs(double[][] Features, int[] Labels)
{
    public static GaussianBlobs Draw(int seed, int samplesPerClass, int classes, int dimensions, double spread, double noise)
    {
        if (dimensions < classes)
            throw new ArgumentException("Simplex centres need at least one dimension per class.", nameof(dimensions));
        var random = new Random(seed);
        var centres = new double[classes][];
        for (var k = 0; k < classes; k++)
            centres[k] = Enumerable.Range(0, dimensions).Select(d => d == k ? spread : 0.0).ToArray();

        var features = new List<double[]>();
        var labels = new List<int>();
        for (var k = 0; k < classes; k++)
            for (var s = 0; s < samplesPerClass; s++)
            {
                features.Add(centres[k].Select(c => c + noise * Normal(random)).ToArray());
                labels.Add(k);
            }
        return new GaussianBlobs(features.ToArray(), labels.ToArray());
    }

    /// <summary>Splits into a training and a held-out set, shuffled first so both hold every class.</summary>
    public (GaussianBlobs Train, GaussianBlobs Test) Split(double trainFraction, int seed)
    {
        var order = Enumerable.Range(0, Labels.Length).ToArray();
        new Random(seed).Shuffle(order);
        var cut = (int)(trainFraction * order.Length);
        return (Take(order[..cut]), Take(order[cut..]));
    }

    private GaussianBlobs Take(int[] indices) =>
        new(indices.Select(i => Features[i]).ToArray(), indices.Select(i => Labels[i]).ToArray());

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
