using MathNet.Numerics.Statistics;
using SecureAgg.Learning.Features;

namespace SecureAgg.Tests.Learning.Features;

public sealed class StandardizerSpecs
{
    /// <summary>Features with very different levels and spreads, like the real vector (gravity ~1, jerk energy ~100).</summary>
    private static double[][] Data(int rows, int seed)
    {
        var rng = new Random(seed);
        double[] levels = [0.0, 1.0, -3.5, 120.0, 1e-4];
        double[] spreads = [1.0, 0.01, 2.0, 40.0, 1e-5];
        return Enumerable.Range(0, rows)
            .Select(_ => levels.Select((l, j) => l + spreads[j] * (rng.NextDouble() * 2 - 1)).ToArray())
            .ToArray();
    }

    private static double[] Column(double[][] rows, int j) => rows.Select(r => r[j]).ToArray();

    [Fact]
    public void FromMoments_EqualsTwoPassMeanAndStdOnPooledData()
    {
        var data = Data(500, 1);
        var standardizer = Standardizer.FromMoments(FeatureMoments.Of(data));
        for (var j = 0; j < 5; j++)
        {
            var column = Column(data, j);
            var (mean, std) = (column.Mean(), column.PopulationStandardDeviation());
            Assert.Equal(mean, standardizer.Mean[j], 1e-12 * Math.Max(1, Math.Abs(mean)));
            // Σx²/n − mean² loses log10(mean²/var) digits: at worst 1e-2 spread on level 1 -> ~1e-12 relative.
            Assert.Equal(1.0, standardizer.Scale[j] / std, 1e-8);
        }
    }

    [Fact]
    public void MomentsOfTwoHalves_AddUpToTheMomentsOfTheWhole()
    {
        var data = Data(301, 2);
        var whole = FeatureMoments.Of(data);
        var sum = FeatureMoments.Of(data[..150]) + FeatureMoments.Of(data[150..]);
        Assert.Equal(whole.Count, sum.Count);
        for (var j = 0; j < whole.Dimension; j++)
        {
            Assert.Equal(whole.Sum[j], sum.Sum[j], 1e-12 * Math.Max(1, Math.Abs(whole.Sum[j])));
            Assert.Equal(whole.SumOfSquares[j], sum.SumOfSquares[j], 1e-12 * Math.Max(1, whole.SumOfSquares[j]));
        }
        // Adding to the empty moments is the identity.
        Assert.Equal(whole, whole + FeatureMoments.Empty(whole.Dimension));
    }

    [Fact]
    public void MomentsAboutAReference_KeepPrecision_WhenTheLevelDwarfsTheSpread()
    {
        // Level 1e3, spread 1e-3: Σx²/n − mean² about zero cancels ~12 of 16 digits; about a nearby reference it
        // does not. Oracle: exact offsets (Sterbenz) from the reference, then a plain two-pass variance.
        var rng = new Random(10);
        var data = Enumerable.Range(0, 400).Select(_ => new[] { 1e3 + 1e-3 * (rng.NextDouble() * 2 - 1) }).ToArray();
        var offsets = data.Select(r => r[0] - 1e3).ToArray();
        var offsetMean = offsets.Average();
        var std = Math.Sqrt(offsets.Select(d => (d - offsetMean) * (d - offsetMean)).Average());
        var aboutReference = FeatureMoments.Of(data, reference: [1e3]);
        Assert.Equal(1.0, Math.Sqrt(aboutReference.PopulationVariance()[0]) / std, 1e-12);
        Assert.Equal(1e3 + offsetMean, aboutReference.Mean()[0], 1e-12);
        Assert.Equal(1.0, Standardizer.Fit(data).Scale[0] / std, 1e-9);
        var aboutZero = Math.Sqrt(FeatureMoments.Of(data).PopulationVariance()[0]);
        Assert.True(Math.Abs(aboutZero / std - 1) > 1e-9, "expected the cancellation this test guards against");
        var halves = FeatureMoments.Of(data[..200], reference: [1e3]) + FeatureMoments.Of(data[200..], reference: [1e3]);
        Assert.Equal(aboutReference.Count, halves.Count);
        Assert.Equal(aboutReference.Sum[0], halves.Sum[0], 1e-12);
        Assert.Throws<ArgumentException>(() => aboutReference + FeatureMoments.Of(data, reference: [0.0]));
    }

    [Fact]
    public void MomentVectors_SumElementWise_LikeASecureSum()
    {
        var a = FeatureMoments.Of(Data(40, 3));
        var b = FeatureMoments.Of(Data(60, 4));
        var va = a.ToVector();
        var vb = b.ToVector();
        Assert.Equal(FeatureMoments.VectorLength(5), va.Length);
        var summed = FeatureMoments.FromVector(va.Zip(vb, (x, y) => x + y).ToArray());
        Assert.Equal(a + b, summed);
        Assert.Equal(a, FeatureMoments.FromVector(va));
        Assert.Throws<ArgumentException>(() => FeatureMoments.FromVector([1.5, 0, 0]));
        Assert.Throws<ArgumentException>(() => FeatureMoments.FromVector([1, 0]));
    }

    [Fact]
    public void Apply_GivesZeroMeanUnitStdOnTheFittingData()
    {
        var data = Data(200, 5);
        var z = Standardizer.Fit(data).ApplyAll(data);
        for (var j = 0; j < 5; j++)
        {
            var column = Column(z, j);
            Assert.Equal(0, column.Mean(), 1e-9);
            Assert.Equal(1, column.PopulationStandardDeviation(), 1e-6);
        }
    }

    [Fact]
    public void ConstantFeature_GetsScaleOne_AndMapsToZero_NotInfinity()
    {
        double[][] data = [[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]];
        var standardizer = Standardizer.Fit(data);
        Assert.Equal(1.0, standardizer.Scale[1]);
        Assert.Equal([0.0, 0.0], standardizer.Apply([2.0, 5.0]));
        Assert.Equal(0.5, standardizer.Apply([2.0, 5.5])[1]);
        Assert.All(standardizer.ApplyAll(data), row => Assert.All(row, v => Assert.True(double.IsFinite(v))));
    }

    [Fact]
    public void PerClientStandardisation_UsesEachClientsOwnMoments()
    {
        // Two "subjects" whose phones sit at different tilts: the same activity has different raw levels.
        var clientA = Data(100, 6);
        var clientB = Data(100, 7).Select(r => r.Select(v => v * 3 + 10).ToArray()).ToArray();
        foreach (var client in new[] { clientA, clientB })
        {
            var z = Standardizer.StandardizeWithOwnMoments(client);
            Assert.Equal(client.Length, z.Length);
            for (var j = 0; j < 5; j++)
            {
                Assert.Equal(0, Column(z, j).Mean(), 1e-9);
                Assert.Equal(1, Column(z, j).PopulationStandardDeviation(), 1e-6);
            }
        }
        Assert.Equal(10.0, clientB[0][0] - 3 * clientA[0][0], 10.0); // inputs untouched, still raw
    }

    [Fact]
    public void MismatchedDimensions_Throw()
    {
        var standardizer = Standardizer.Fit(Data(10, 8));
        Assert.Throws<ArgumentException>(() => standardizer.Apply([1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => FeatureMoments.Of(Data(3, 9)) + FeatureMoments.Empty(4));
        Assert.Throws<ArgumentException>(() => FeatureMoments.Of([[1.0, 2.0], [1.0]]));
        Assert.Throws<ArgumentException>(() => Standardizer.FromMoments(FeatureMoments.Empty(3)));
    }

    [Fact]
    public void Standardizer_OnRealFeatureVectors_IsFinite()
    {
        var rng = new Random(12);
        var extractor = new FeatureExtractor();
        var rows = Enumerable.Range(0, 30).Select(_ => extractor.Extract(SyntheticWindows.Walking(rng))).ToArray();
        rows[0] = extractor.Extract(SyntheticWindows.ConstantWindow(0, 0, 1, 0, 0, 0));
        var z = Standardizer.Fit(rows).ApplyAll(rows);
        Assert.All(z, row => Assert.All(row, v => Assert.True(double.IsFinite(v))));
    }
}
