using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Learning.Training;

/// <summary>
/// Plaintext FedAvg: the server sees every update and adds them as floats. The same dropout draw as secure mode
/// removes the clients that would not have delivered a masked input, so the two modes stay comparable.
/// </summary>
public sealed class PlainAggregator(TrainingSettings settings) : IUpdateAggregator
{
    public Task<AggregatedUpdates> SumAsync(int round, IReadOnlyList<(int Client, double[] Encoded)> updates, CancellationToken cancellation)
    {
        var plan = settings.DropoutSchedule.Draw(updates.Count, settings.Seed, round);
        var delivered = updates.Where((_, i) => !plan.StopsAt.TryGetValue(i + 1, out var stop) || stop > ProtocolRound.MaskedInputCollection).ToArray();
        if (delivered.Length == 0)
            return Task.FromResult(new AggregatedUpdates(null, [], "every selected client dropped out", 0));
        var sum = new double[updates[0].Encoded.Length];
        foreach (var (_, encoded) in delivered)
        {
            for (var i = 0; i < sum.Length; i++)
                sum[i] += encoded[i];
        }
        return Task.FromResult(new AggregatedUpdates(sum, delivered.Select(u => u.Client).ToArray(), null, 0));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
