using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Learning.Training;

public enum TrainingMode
{
    /// <summary>FedAvg whose every round's sum goes through secure aggregation over the actors.</summary>
    Secure,

    /// <summary>Plaintext FedAvg with the same clipping and weighting: the baseline secure mode must match.</summary>
    FedAvg,

    /// <summary>All training data on one machine: the ceiling.</summary>
    Central,
}

public enum LocalOptimizerKind
{
    Adam,
    Sgd,
}

/// <summary>How the local learning rate moves over the rounds (central: epochs).</summary>
public enum LearningRateSchedule
{
    Constant,

    /// <summary>η_r = η·½(1 + cos(π·(r − 1)/R)): full rate in round 1, near zero in the last, so late rounds refine rather than drift.</summary>
    Cosine,
}

public enum ServerOptimizerKind
{
    FedAvg,
    FedAvgM,
    FedAdam,
}

/// <summary>Everything one training run needs; the defaults are the ones the README's figures use.</summary>
public sealed record TrainingSettings(
    TrainingMode Mode = TrainingMode.Secure,
    int Rounds = 40,
    int ClientsPerRound = 0,
    int LocalEpochs = 2,
    int BatchSize = 32,
    IReadOnlyList<int>? Hidden = null,
    double LearningRate = 1e-3,
    double WeightDecay = 1e-4,
    ServerOptimizerKind ServerOptimizer = ServerOptimizerKind.FedAvg,
    double ServerLearningRate = 1.0,
    double Clip = 0.5,
    int QuantizationBits = 16,
    bool SparseGraph = false,
    int? Neighbours = null,
    SecurityMode SecurityMode = SecurityMode.SemiHonest,
    int? Threshold = null,
    DropoutSchedule? Dropouts = null,
    TimeSpan? RoundTimeout = null,
    int Seed = 1,
    LocalOptimizerKind LocalOptimizer = LocalOptimizerKind.Adam,
    LearningRateSchedule Schedule = LearningRateSchedule.Constant,
    double InputNoise = 0)
{
    public IReadOnlyList<int> HiddenLayers => Hidden ?? [128, 64];

    public DropoutSchedule DropoutSchedule => Dropouts ?? DropoutSchedule.None;

    public TimeSpan Timeout => RoundTimeout ?? TimeSpan.FromSeconds(10);

    /// <summary>The local learning rate of round (central: epoch) <paramref name="round"/> of <see cref="Rounds"/>.</summary>
    public double LearningRateAt(int round) => Schedule == LearningRateSchedule.Cosine
        ? LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (round - 1) / Rounds))
        : LearningRate;

    public void Validate()
    {
        if (Rounds < 1)
            throw new ArgumentException($"--rounds must be at least 1, got {Rounds}.");
        if (LocalEpochs < 1)
            throw new ArgumentException($"--local-epochs must be at least 1, got {LocalEpochs}.");
        if (BatchSize < 1)
            throw new ArgumentException($"--batch-size must be at least 1, got {BatchSize}.");
        if (ClientsPerRound < 0)
            throw new ArgumentException($"--clients-per-round must be 0 (all) or positive, got {ClientsPerRound}.");
        if (HiddenLayers.Count == 0 || HiddenLayers.Any(h => h < 1))
            throw new ArgumentException("--hidden needs one or more positive layer sizes, e.g. 128,64.");
        if (LearningRate <= 0 || ServerLearningRate <= 0)
            throw new ArgumentException("Learning rates must be positive.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentException($"--weight-decay must be zero or positive, got {WeightDecay}.");
        if (!(InputNoise >= 0) || double.IsInfinity(InputNoise))
            throw new ArgumentException($"--input-noise must be zero or positive, got {InputNoise}.");
        if (Clip <= 0)
            throw new ArgumentException($"--clip must be positive, got {Clip}.");
        // Below 4 bits the stochastic rounding noise swamps the weight coordinate and Σw can decode to ≤ 0.
        if (QuantizationBits is < 4 or > 32)
            throw new ArgumentException($"--quantization-bits must be between 4 and 32, got {QuantizationBits}.");
        if (Mode != TrainingMode.Central && ClientsPerRound == 1)
            throw new ArgumentException("--clients-per-round 1 would hand the server one client's update: use 0 (all) or at least 2.");
        if (Neighbours is { } k && k % 2 == 1)
            throw new ArgumentException($"--neighbours must be even for the Harary graph of SecAgg+ (client counts vary), got {k}.");
    }
}
