namespace SecureAgg.Learning.Model;

/// <summary>
/// Classification metrics from true labels and predictions. The confusion matrix has true classes as rows and
/// predicted classes as columns.
/// </summary>
public static class Metrics
{
    public static double Accuracy(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        Check(actual, predicted);
        var correct = 0;
        for (var i = 0; i < actual.Count; i++)
            if (actual[i] == predicted[i])
                correct++;
        return (double)correct / actual.Count;
    }

    /// <summary>confusion[t, p] = number of samples of true class t predicted as p.</summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes)
    {
        Check(actual, predicted);
        if (classes < 1)
            throw new ArgumentException($"Classes must be at least 1, got {classes}.", nameof(classes));
        var confusion = new int[classes, classes];
        for (var i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
                throw new ArgumentException($"Sample {i}: label {actual[i]} or prediction {predicted[i]} is outside [0, {classes}).");
            confusion[actual[i], predicted[i]]++;
        }
        return confusion;
    }

    /// <summary>
    /// Unweighted mean of per-class F1 = 2·TP/(2·TP + FP + FN) over the classes that occur in the labels or the
    /// predictions (as scikit-learn does without an explicit label list): a class absent from both says nothing about
    /// the model and would otherwise count as a perfect or a zero score arbitrarily.
    /// </summary>
    public static double MacroF1(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes) =>
        MacroF1(ConfusionMatrix(actual, predicted, classes));

    public static double MacroF1(int[,] confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        var classes = confusion.GetLength(0);
        if (confusion.GetLength(1) != classes)
            throw new ArgumentException("A confusion matrix must be square.", nameof(confusion));
        var sum = 0.0;
        var present = 0;
        for (var k = 0; k < classes; k++)
        {
            int tp = confusion[k, k], fp = 0, fn = 0;
            for (var j = 0; j < classes; j++)
            {
                if (j == k)
                    continue;
                fp += confusion[j, k];
                fn += confusion[k, j];
            }
            if (tp + fp + fn == 0)
                continue;
            present++;
            sum += 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return present == 0 ? 0 : sum / present;
    }

    /// <summary>All three metrics at once.</summary>
    public static ClassificationReport Evaluate(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes)
    {
        var confusion = ConfusionMatrix(actual, predicted, classes);
        return new ClassificationReport(Accuracy(actual, predicted), MacroF1(confusion), confusion);
    }

    private static void Check(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"{actual.Count} labels but {predicted.Count} predictions.");
        if (actual.Count == 0)
            throw new ArgumentException("Metrics need at least one sample.");
    }
}
