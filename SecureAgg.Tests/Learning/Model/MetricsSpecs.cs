using SecureAgg.Learning.Model;

namespace SecureAgg.Tests.Learning.Model;

public sealed class MetricsSpecs
{
    private static readonly int[] Actual = [0, 0, 1, 1, 2, 2];
    private static readonly int[] Predicted = [0, 1, 1, 1, 2, 0];

    [Fact]
    public void Accuracy_counts_exact_matches()
    {
        Assert.Equal(4.0 / 6, Metrics.Accuracy(Actual, Predicted), 15);
        Assert.Equal(1.0, Metrics.Accuracy(Actual, Actual));
    }

    [Fact]
    public void Confusion_matrix_has_true_rows_and_predicted_columns()
    {
        var confusion = Metrics.ConfusionMatrix(Actual, Predicted, 3);
        int[,] expected = { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 1 } };
        Assert.Equal(expected, confusion);
    }

    [Fact]
    public void Macro_f1_averages_per_class_f1()
    {
        // Class 0: TP 1, FP 1, FN 1 → 0.5. Class 1: TP 2, FP 1, FN 0 → 0.8. Class 2: TP 1, FP 0, FN 1 → 2/3.
        var expected = (0.5 + 0.8 + 2.0 / 3) / 3;
        Assert.Equal(expected, Metrics.MacroF1(Actual, Predicted, 3), 15);
        // A class absent from labels and predictions does not drag the average down.
        Assert.Equal(expected, Metrics.MacroF1(Actual, Predicted, 4), 15);
        Assert.Equal(1.0, Metrics.MacroF1(Actual, Actual, 3));
        // A class only ever predicted counts, with F1 0.
        Assert.Equal((2.0 / 3 + 0) / 2, Metrics.MacroF1([0, 0], [0, 1], 2), 15);
    }

    [Fact]
    public void Evaluate_bundles_the_three_and_rejects_bad_input()
    {
        var report = Metrics.Evaluate(Actual, Predicted, 3);
        Assert.Equal(Metrics.Accuracy(Actual, Predicted), report.Accuracy);
        Assert.Equal(Metrics.MacroF1(Actual, Predicted, 3), report.MacroF1);
        Assert.Equal(2, report.Confusion[1, 1]);
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => Metrics.ConfusionMatrix([0, 3], [0, 1], 3));
    }
}
