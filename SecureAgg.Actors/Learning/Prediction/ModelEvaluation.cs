namespace SecureAgg.Learning.Prediction;

/// <summary>
/// What the model scored when it was trained: on the windows of <see cref="TestSubjects"/> (held out of training),
/// <see cref="TestWindows"/> of them, the accuracy and macro F1. <c>secagg predict --subjects test</c> on the same
/// data reproduces these numbers.
/// </summary>
public sealed record ModelEvaluation(int[] TestSubjects, int TestWindows, double Accuracy, double MacroF1)
{
    internal string? Problem() =>
        TestSubjects is null ? "evaluation.test_subjects is missing"
        : TestSubjects.Any(s => s < 1) ? "evaluation.test_subjects must be subject ids of at least 1"
        : null;
}
