namespace SecureAgg.Learning.Training;

/// <summary>
/// What a run's accuracy is measured on: the test subjects (once, for the selected model), or validation fold
/// <see cref="Fold"/> of <see cref="Folds"/> of the training subjects (for choosing settings without seeing a test subject).
/// </summary>
public sealed record Evaluation(int Fold, int Folds, IReadOnlyList<int> Subjects)
{
    public static Evaluation Test { get; } = new(0, 0, []);

    public bool IsValidation => Folds > 0;

    /// <summary>"test", or "validation 2/3": the metrics.csv column and the word the progress lines use.</summary>
    public string Name => IsValidation ? $"validation {Fold}/{Folds}" : "test";
}
