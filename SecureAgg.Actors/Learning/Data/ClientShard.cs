namespace SecureAgg.Learning.Data;

/// <summary>
/// The local data of one simulated federated client.
/// </summary>
/// <param name="Id">0-based, dense over the partition.</param>
/// <param name="Subject">The subject whose windows these are; null for IID and subject-less partitions.</param>
/// <param name="Part">0-based index among the parts of one subject (always 0 with one client per subject).</param>
/// <param name="Windows">In time order for subject-based partitions.</param>
public sealed record ClientShard(int Id, int? Subject, int Part, IReadOnlyList<Window> Windows);
