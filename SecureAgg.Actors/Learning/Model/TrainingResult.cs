namespace SecureAgg.Learning.Model;

/// <summary>
/// The trained model (a new instance; the input model is untouched) and the training loss. <see cref="MeanLoss"/> is
/// the sample-weighted mean of the mini-batch losses seen during the last epoch; <see cref="EpochLosses"/> has one
/// such mean per epoch.
/// </summary>
public sealed record TrainingResult(MlpModel Model, double MeanLoss, IReadOnlyList<double> EpochLosses);
