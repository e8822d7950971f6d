namespace SecureAgg.Learning.Data;

/// <summary>Windows divided into training and held-out test data, each in its input order.</summary>
public sealed record TrainTestSplit(IReadOnlyList<Window> Train, IReadOnlyList<Window> Test);
