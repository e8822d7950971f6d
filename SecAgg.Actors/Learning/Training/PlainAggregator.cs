namespace SecAgg.Learning.Training;

/// <summary>Plaintext FedAvg: the server sees every update and adds them as floats.</summary>
public sealed class PlainAggregator : IUpdateAggregator
{
    public Task<AggregatedUpdates> SumAsync(int round, IReadOnlyList<(int Client, double[] Encoded)> updates, CancellationToken cancellation)
    {
        var sum = new double[updates[0].Encoded.Length];
        foreach (var (_, encoded) in updates)
        {
            for (var i = 0; i < sum.Length; i++)
                sum[i] += encoded[i];
        }
        return Task.FromResult(new AggregatedUpdates(sum, updates.Select(u => u.Client).ToArray(), null, 0));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
