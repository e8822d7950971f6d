namespace SecureAgg.Learning.Training;

/// <summary>The sum of the selected clients' encoded updates, and who made it into the sum.</summary>
public sealed record AggregatedUpdates(double[]? Sum, IReadOnlyList<int> Contributors, string? AbortReason, double ElapsedMs);

/// <summary>How one round's encoded client updates (the [w, w·Δ] vectors) are summed: in the clear or securely.</summary>
public interface IUpdateAggregator : IAsyncDisposable
{
    Task<AggregatedUpdates> SumAsync(int round, IReadOnlyList<(int Client, double[] Encoded)> updates, CancellationToken cancellation);
}
