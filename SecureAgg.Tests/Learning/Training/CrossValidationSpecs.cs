using SecureAgg.Learning.Training;

namespace SecureAgg.Tests.Learning.Training;

/// <summary>Cross-validation by subject: folds partition the training subjects, and no fold's data holds a test window.</summary>
public sealed class CrossValidationSpecs
{
    private static ActivityData Raw() => SyntheticActivityData.Create(clients: 7, perClient: 20);

    [Fact]
    public void The_folds_hold_out_disjoint_subjects_that_together_are_every_training_subject_and_drop_the_test_windows()
    {
        var raw = Raw();
        var seen = new List<int>();
        for (var fold = 1; fold <= 3; fold++)
        {
            var held = ActivityDataBuilder.ValidationFold(raw, fold, 3);
            var trainingSubjects = held.Clients.Select(c => c.Subject!.Value).ToHashSet();
            Assert.Empty(trainingSubjects.Intersect(held.Evaluation.Subjects));
            Assert.Equal(raw.Clients.Count, held.Clients.Count + held.Evaluation.Subjects.Count);
            // The scored windows are exactly the held-out subjects' training windows: not one test window is left.
            var expected = raw.Clients.Where(c => held.Evaluation.Subjects.Contains(c.Subject!.Value)).ToArray();
            Assert.Equal(expected.SelectMany(c => c.Labels), held.TestLabels);
            Assert.Equal(expected.SelectMany(c => c.Features), held.TestFeatures);
            Assert.All(held.TestSubjects, s => Assert.Contains(s!.Value, held.Evaluation.Subjects));
            Assert.Equal(Enumerable.Range(0, held.Clients.Count), held.Clients.Select(c => c.Id));
            Assert.True(held.Evaluation.IsValidation);
            Assert.Equal($"validation {fold}/3", held.Evaluation.Name);
            seen.AddRange(held.Evaluation.Subjects);
        }
        Assert.Equal(raw.Clients.Select(c => c.Subject!.Value).Order(), seen.Order());
        Assert.Equal("test", raw.Evaluation.Name);
    }

    [Fact]
    public void Folds_need_subject_ids_at_least_two_folds_and_a_fold_in_range()
    {
        var raw = Raw();
        var anonymous = raw with { Clients = raw.Clients.Select(c => c with { Subject = null }).ToArray() };
        Assert.Contains("needs subject ids", Assert.Throws<ArgumentException>(() => ActivityDataBuilder.ValidationFold(anonymous, 1, 3)).Message);
        Assert.Contains("at least 2 folds", Assert.Throws<ArgumentException>(() => ActivityDataBuilder.ValidationFold(raw, 1, 1)).Message);
        Assert.Contains("not one of 1..3", Assert.Throws<ArgumentException>(() => ActivityDataBuilder.ValidationFold(raw, 4, 3)).Message);
        Assert.Contains("only 7 training subjects", Assert.Throws<ArgumentException>(() => ActivityDataBuilder.ValidationFold(raw, 1, 8)).Message);
    }

    [Fact]
    public void Global_standardisation_of_a_fold_fits_the_training_clients_only()
    {
        var held = ActivityDataBuilder.ValidationFold(Raw(), 1, 3);
        var data = ActivityDataBuilder.Standardize(held, new DataPreparation(), _ => { });
        // Standardised with the training clients' own moments, their pooled features have mean 0 and variance 1 per feature.
        var pooled = data.Clients.SelectMany(c => c.Features).ToArray();
        for (var f = 0; f < data.FeatureCount; f++)
        {
            var column = pooled.Select(x => x[f]).ToArray();
            Assert.Equal(0, column.Average(), 9);
            Assert.Equal(1, column.Select(x => x * x).Average(), 9);
        }
        // The held-out subjects are scaled with the training clients' moments, not with their own or the pooled ones.
        var fitted = SecureAgg.Learning.Features.Standardizer.Fit(held.Clients.SelectMany(c => c.Features).ToArray());
        var expected = fitted.ApplyAll(held.TestFeatures);
        for (var i = 0; i < expected.Length; i++)
            for (var f = 0; f < data.FeatureCount; f++)
                Assert.Equal(expected[i][f], data.TestFeatures[i][f], 9);
    }
}
