namespace SecureAgg.Learning.Model;

/// <summary>
/// The mean loss of a mini-batch (cross-entropy plus the L2 term) and its gradient, laid out in the model's flat
/// parameter order (see <see cref="MlpModel.ToVector"/>) so an optimiser can step the flat vector directly.
/// </summary>
public sealed record LossGradient(double Loss, double[] Gradient);
