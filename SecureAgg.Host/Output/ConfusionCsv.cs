using CsvHelper;

namespace SecureAgg.Host.Output;

/// <summary>
/// confusion.csv: a row per true class, a column per predicted class, both named (the header's first field is
/// <c>true\predicted</c>); written by <c>secagg train</c> for its final model and by <c>secagg predict</c>.
/// </summary>
public static class ConfusionCsv
{
    public static void Write(string path, int[,] confusion, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        ArgumentNullException.ThrowIfNull(classes);
        if (confusion.GetLength(0) != classes.Count || confusion.GetLength(1) != classes.Count)
            throw new ArgumentException($"A confusion matrix of {confusion.GetLength(0)} x {confusion.GetLength(1)} for {classes.Count} classes.");
        // The result files' CSV format; the columns are the classes, so fields rather than a record type.
        using var csv = CsvWriter.ToFile(path, ResultCsv.Format, FileOptions.None);
        csv.WriteHeader(["true\\predicted", .. classes]);
        for (var t = 0; t < classes.Count; t++)
        {
            csv.WriteField(classes[t]);
            for (var p = 0; p < classes.Count; p++)
                csv.WriteField(confusion[t, p]);
            csv.EndRecord();
        }
    }
}
