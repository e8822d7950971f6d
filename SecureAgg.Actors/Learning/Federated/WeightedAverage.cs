namespace SecureAgg.Learning.Federated;

/// <summary>
/// The server's decoded weighted FedAvg result: Δ̄ = Σ w·Δ / Σ w, the total scaled weight Σ w (each w ≤ 1) and the
/// same total in samples (Σ w · maxSampleCount). Both totals carry the quantisation error of the weight coordinate.
/// </summary>
public sealed record WeightedAverage(double[] Delta, double TotalWeight, double TotalSamples);
