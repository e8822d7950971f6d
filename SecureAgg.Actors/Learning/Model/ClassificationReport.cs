namespace SecureAgg.Learning.Model;

/// <summary>Accuracy, macro F1 and the confusion matrix (rows = true class, columns = predicted) of one evaluation.</summary>
public sealed record ClassificationReport(double Accuracy, double MacroF1, int[,] Confusion);
