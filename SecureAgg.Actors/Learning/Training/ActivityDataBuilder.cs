using System.Diagnostics;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Features;

namespace SecureAgg.Learning.Training;

/// <summary>
/// Raw HAPT (or UCI HAR) recordings → 2.56 s windows → the UCI HAR subject split → one client per training subject
/// (or K per subject, or an IID shuffle) → features → standardisation that never pools data.
/// </summary>
public static class ActivityDataBuilder
{
    /// <summary>The data, standardised; global standardisation adds the clients' moment vectors in the clear.</summary>
    public static ActivityData Build(DataLocation location, DataPreparation preparation, Action<string> log) =>
        Standardize(BuildRaw(location, preparation, log), preparation, log);

    /// <summary>
    /// The data, standardised; global standardisation adds the clients' moment vectors with <paramref name="sumMoments"/>
    /// (a secure sum in secure mode, so the server learns only the total).
    /// </summary>
    public static Task<ActivityData> BuildAsync(DataLocation location, DataPreparation preparation, Action<string> log,
        Func<IReadOnlyList<double[]>, CancellationToken, Task<double[]>> sumMoments, CancellationToken cancellation = default) =>
        StandardizeAsync(BuildRaw(location, preparation, log), preparation, log, sumMoments, cancellation);

    /// <summary><see cref="BuildRaw"/>'s data standardised, the clients' moment vectors added in the clear.</summary>
    public static ActivityData Standardize(ActivityData raw, DataPreparation preparation, Action<string> log)
    {
        preparation = EffectivePreparation(raw, preparation, log);
        var summed = preparation.Standardization == StandardizationMode.Global ? PlainSum(MomentVectors(raw)) : null;
        return Standardize(raw, preparation, summed);
    }

    /// <summary><see cref="BuildRaw"/>'s data standardised, the clients' moment vectors added with <paramref name="sumMoments"/>.</summary>
    public static async Task<ActivityData> StandardizeAsync(ActivityData raw, DataPreparation preparation, Action<string> log,
        Func<IReadOnlyList<double[]>, CancellationToken, Task<double[]>> sumMoments, CancellationToken cancellation = default)
    {
        preparation = EffectivePreparation(raw, preparation, log);
        var summed = preparation.Standardization == StandardizationMode.Global ? await sumMoments(MomentVectors(raw), cancellation) : null;
        return Standardize(raw, preparation, summed);
    }

    /// <summary>Each client's moment vector (<see cref="FeatureMoments.ToVector"/>).</summary>
    public static double[][] MomentVectors(ActivityData raw) => raw.Clients.Select(c => FeatureMoments.Of(c.Features).ToVector()).ToArray();

    public static double[] PlainSum(IReadOnlyList<double[]> vectors) => vectors.Aggregate((a, b) => a.Zip(b, (x, y) => x + y).ToArray());

    /// <summary>
    /// Windows, clients and features, not yet standardised: what a cluster node loads before the secure moment sum
    /// gives it the standardiser (<see cref="GlobalStandardizer"/>).
    /// </summary>
    public static ActivityData BuildRaw(DataLocation location, DataPreparation preparation, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Window> train, test;
        IReadOnlyList<ClientShard> shards;
        if (location.Layout == DataLayout.UciHar)
        {
            var har = UciHarDataset.Load(location.Directory);
            train = har.Train;
            test = preparation.CrossValidationFolds > 0 ? [] : har.Test;
            shards = har.HasSubjects ? SubjectSplit.BySubject(train, preparation.ClientsPerSubject) : SubjectSplit.ContiguousSlices(train, 21 * preparation.ClientsPerSubject);
        }
        else
        {
            var hapt = HaptDataset.Load(location.Directory);
            var split = SubjectSplit.Split(Windowing.Slide(hapt, preparation.IncludeTransitions));
            train = split.Train;
            test = preparation.CrossValidationFolds > 0 ? [] : split.Test;
            var perSubject = SubjectSplit.BySubject(train, preparation.ClientsPerSubject);
            shards = preparation.IidPartition ? SubjectSplit.Iid(train, perSubject.Count, preparation.Seed) : perSubject;
        }
        log(preparation.CrossValidationFolds > 0
            ? $"data: {train.Count} training windows in {shards.Count} clients; cross-validation, so the test subjects are not loaded ({clock.Elapsed.TotalSeconds:F1} s)"
            : $"data: {train.Count} training windows in {shards.Count} clients, {test.Count} test windows ({clock.Elapsed.TotalSeconds:F1} s)");

        var extractor = new FeatureExtractor();
        var trainFeatures = extractor.ExtractAll(train.Select(ToSensorWindow).ToArray(), preparation.MaxDegreeOfParallelism);
        var testFeatures = extractor.ExtractAll(test.Select(ToSensorWindow).ToArray(), preparation.MaxDegreeOfParallelism);
        log($"features: {FeatureExtractor.FeatureCount} per window ({clock.Elapsed.TotalSeconds:F1} s)");

        var index = new Dictionary<Window, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < train.Count; i++)
            index[train[i]] = i;
        var classes = preparation.IncludeTransitions ? Activities.Count : Activities.BasicCount;
        var clients = shards.Select(shard => new ClientData(shard.Id, shard.Subject,
            shard.Windows.Select(w => trainFeatures[index[w]]).ToArray(), shard.Windows.Select(w => w.Activity - 1).ToArray())).ToArray();
        var description = $"{(location.Layout == DataLayout.UciHar ? "UCI HAR" : "UCI HAPT")} at {location.Directory}: {train.Count} train / {test.Count} test windows, " +
                          $"{clients.Length} clients";
        return new ActivityData(clients, testFeatures, test.Select(w => w.Activity - 1).ToArray(), FeatureExtractor.FeatureCount, classes, description,
            test.Select(w => w.Subject).ToArray());
    }

    /// <summary>
    /// The global standardiser from the sum of the clients' moment vectors (<see cref="FeatureMoments.ToVector"/>):
    /// the sum of per-client moments equals the moments of the pooled data, without pooling the data.
    /// </summary>
    public static Standardizer GlobalStandardizer(IReadOnlyList<double> summedMoments) =>
        Standardizer.FromMoments(FeatureMoments.FromVector(summedMoments.ToArray()));

    /// <summary>
    /// The raw data with the standardiser applied to every client's and the test windows' features; the data keeps the
    /// standardiser (<see cref="ActivityData.Standardizer"/>) for the model file.
    /// </summary>
    public static ActivityData Standardized(ActivityData raw, Standardizer standardizer) =>
        raw with
        {
            Clients = raw.Clients.Select(c => c with { Features = standardizer.ApplyAll(c.Features) }).ToArray(),
            TestFeatures = standardizer.ApplyAll(raw.TestFeatures),
            Standardizer = standardizer,
        };

    /// <summary>
    /// Cross-validation by subject: the training subjects, in ascending order, are dealt into <paramref name="folds"/>
    /// folds (subject i of the order into fold i mod K); fold <paramref name="fold"/>'s clients leave training and take
    /// the test subjects' place, which are dropped, so nothing a validation run reports has seen a test subject. Call
    /// on raw (unstandardised) data: global standardisation then fits to the remaining clients only.
    /// </summary>
    public static ActivityData ValidationFold(ActivityData raw, int fold, int folds)
    {
        if (folds < 2)
            throw new ArgumentException($"--cross-validate needs at least 2 folds, got {folds}.");
        if (fold < 1 || fold > folds)
            throw new ArgumentException($"validation fold {fold} is not one of 1..{folds}.");
        if (raw.Clients.Any(c => c.Subject is null))
            throw new ArgumentException("cross-validation holds out whole subjects: it needs subject ids (the HAPT layout, or UCI HAR with subject files) and --partition subject.");
        var subjects = raw.Clients.Select(c => c.Subject!.Value).Distinct().Order().ToArray();
        if (subjects.Length < folds)
            throw new ArgumentException($"{folds} validation folds but only {subjects.Length} training subjects.");
        var held = subjects.Where((_, i) => i % folds == fold - 1).ToHashSet();
        var training = raw.Clients.Where(c => !held.Contains(c.Subject!.Value)).Select((c, i) => c with { Id = i }).ToArray();
        var validation = raw.Clients.Where(c => held.Contains(c.Subject!.Value)).ToArray();
        return raw with
        {
            Clients = training,
            TestFeatures = validation.SelectMany(c => c.Features).ToArray(),
            TestLabels = validation.SelectMany(c => c.Labels).ToArray(),
            TestSubjects = validation.SelectMany(c => c.Labels.Select(_ => c.Subject)).ToArray(),
            HeldOut = new Evaluation(fold, folds, held.Order().ToArray()),
            Description = $"{raw.Description}; validation fold {fold}/{folds}: subjects {string.Join(',', held.Order())} held out, test subjects not loaded",
        };
    }

    // Without subject ids the test windows cannot be grouped by device: per-device scaling would pool them.
    private static DataPreparation EffectivePreparation(ActivityData raw, DataPreparation preparation, Action<string> log)
    {
        if (preparation.Standardization != StandardizationMode.PerClient || raw.TestSubjects.All(s => s is not null))
            return preparation;
        log("standardisation: the data has no subject ids, so global standardisation is used instead of per-device");
        return preparation with { Standardization = StandardizationMode.Global };
    }

    private static ActivityData Standardize(ActivityData raw, DataPreparation preparation, double[]? summedMoments)
    {
        ActivityData data;
        if (preparation.Standardization == StandardizationMode.PerClient)
        {
            var clients = raw.Clients.Select(c => c with { Features = Standardizer.StandardizeWithOwnMoments(c.Features) }).ToArray();
            // Each test subject's phone standardises its own windows too.
            var standardizedTest = new double[raw.TestFeatures.Length][];
            foreach (var group in Enumerable.Range(0, raw.TestFeatures.Length).GroupBy(i => raw.TestSubjects[i]))
            {
                var rows = group.ToArray();
                var own = Standardizer.StandardizeWithOwnMoments(rows.Select(i => raw.TestFeatures[i]).ToArray());
                for (var k = 0; k < rows.Length; k++)
                    standardizedTest[rows[k]] = own[k];
            }
            data = raw with { Clients = clients, TestFeatures = standardizedTest };
        }
        else
            data = Standardized(raw, GlobalStandardizer(summedMoments!));
        return data with { Description = $"{raw.Description}, {preparation.Standardization} standardisation" };
    }

    public static SensorWindow ToSensorWindow(Window window)
    {
        var samples = window.Samples.AsMemory();
        return new SensorWindow(
            samples.Slice(Window.AccX * Window.Length, Window.Length), samples.Slice(Window.AccY * Window.Length, Window.Length),
            samples.Slice(Window.AccZ * Window.Length, Window.Length), samples.Slice(Window.GyroX * Window.Length, Window.Length),
            samples.Slice(Window.GyroY * Window.Length, Window.Length), samples.Slice(Window.GyroZ * Window.Length, Window.Length));
    }
}
