namespace SecureAgg.Learning.Training;

/// <summary>The sum of the selected clients' encoded updates, and who made it into the sum.</summary>
/// <param name="Failed">The sum is missing because the infrastructure failed (the journal), not because the protocol aborted.</param>
public sealed record AggregatedUpdates(double[]? Sum, IReadOnlyList<int> Contributors, string? AbortReason, double ElapsedMs, bool Failed = false);

/// <summary>How one round's encoded client updates (the [w, w·Δ] vectors) are summed: in the clear or securely.</summary>
public interface IUpdateAggregator : IAsyncDisposable
{
    Task<AggregatedUpdates> SumAsync(int round, IReadOnlyList<(int Client, double[] Encoded)> updates, CancellationToken cancellation);
}
