using System.Security.Cryptography;
using SecureAgg.Actors.Cluster;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Cluster;

/// <summary>What the server's result files compute from a session: bytes per client and the aggregate's SHA-256.</summary>
public static class SessionFigures
{
    /// <summary>completed, aborted (a protocol outcome: too few survivors, a refused share) or failed (the journal, the server).</summary>
    public static string Outcome(ClusterSessionResult result) =>
        result.Completed ? "completed" : result.AbortReason is IInfrastructureFailure ? "failed" : "aborted";

    /// <summary>SHA-256 over the aggregate's words, little-endian 8 bytes each: anyone can check it against the inputs.</summary>
    public static string AggregateHash(ulong[] aggregate)
    {
        var bytes = new byte[aggregate.Length * 8];
        for (var i = 0; i < aggregate.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), aggregate[i]);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Bytes a client that took part in every round uploaded and downloaded, averaged over the rounds' survivors.</summary>
    public static (double Up, double Down) BytesPerFinisher(ClusterSessionResult result) =>
        (result.Rounds.Sum(r => PerClient(r.BytesReceived, r.Survivors)), result.Rounds.Sum(r => PerClient(r.BytesSent, r.Survivors)));

    public static double PerClient(long bytes, int clients) => clients == 0 ? 0 : (double)bytes / clients;
}
