using SecureAgg.Actors.Training;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Training;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// The data both node kinds load for training, the same way (so client shards and the server's public parameters
/// agree): --data, else $SECAGG_DATA, else data/uci-hapt (downloaded if missing), one client per training subject.
/// </summary>
public static class ClusterTrainingData
{
    public static async Task<ActivityData> LoadRawAsync(string? dataArgument, CancellationToken cancellation = default)
    {
        var location = await HaptDownloader.EnsureAsync(DataLocation.Resolve(dataArgument), Console.WriteLine, ct: cancellation);
        return ActivityDataBuilder.BuildRaw(location, new DataPreparation(MaxDegreeOfParallelism: ComputeBudget.Cores), Console.WriteLine);
    }
}
