namespace SecureAgg.Persistence;

/// <summary>
/// An event that stands for every event before it in its stream, so those may be deleted: a replay accepts a gap
/// before it (its seal proves it was written at its place), and a gap anywhere else is still refused.
/// </summary>
public interface IStreamSummary;
