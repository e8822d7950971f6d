using SecureAgg.Learning.Training;

namespace SecureAgg.Tests.Learning.Training;

/// <summary>Small seeded Gaussian-blob clients (3 classes, 10 features) for trainer tests that must run in seconds.</summary>
public static class SyntheticActivityData
{
    public static ActivityData Create(int clients = 6, int perClient = 60, int seed = 5)
    {
        var random = new Random(seed);
        const int features = 10, classes = 3;
        var centres = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, features).Select(_ => random.NextDouble() * 4 - 2).ToArray()).ToArray();
        (double[][] X, int[] Y) Sample(int count)
        {
            var y = Enumerable.Range(0, count).Select(_ => random.Next(classes)).ToArray();
            var x = y.Select(label => centres[label].Select(c => c + Gaussian(random) * 0.8).ToArray()).ToArray();
            return (x, y);
        }
        var data = Enumerable.Range(1, clients).Select(id =>
        {
            var (x, y) = Sample(perClient + id * 5);
            return new ClientData(id, id, x, y);
        }).ToArray();
        var (testX, testY) = Sample(300);
        return new ActivityData(data, testX, testY, features, classes, "synthetic blobs", testY.Select(_ => (int?)null).ToArray());
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
