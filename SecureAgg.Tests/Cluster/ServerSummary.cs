using System.Security.Cryptography;
using System.Text.Json;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// A <c>secagg server</c> process's summary.json as the process specs read it, and the aggregate each session should
/// have: the plaintext sum of its survivors' simulated inputs, computed here independently of the server.
/// </summary>
public static class ServerSummary
{
    public sealed record Member(int Id, string Name);

    public sealed record Session(int Index, int Clients, int Length, int Bits, IReadOnlyList<Member> Members, int[][] Survivors, string Outcome,
        bool? Verified, bool Recovered, double Seconds, double BytesUpPerClient, double BytesDownPerClient, string? AggregateSha256);

    private sealed record Summary(IReadOnlyList<Session> Sessions);

    /// <summary>The sessions in <paramref name="outFolder"/>/summary.json (the server's --out).</summary>
    public static IReadOnlyList<Session> Read(string outFolder)
    {
        var json = File.ReadAllText(Path.Combine(outFolder, "summary.json"));
        return JsonSerializer.Deserialize<Summary>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!.Sessions;
    }

    /// <summary>SHA-256 of Σ_{u∈U3} x_u mod 2^b, with x_u the simulated input (from <paramref name="seed"/>) of client u in that session.</summary>
    public static string ExpectedHash(Session session, int seed)
    {
        var parameters = ProtocolParameters.WithDefaults(session.Clients, session.Length, session.Bits);
        var modulus = parameters.WordMask;
        var sum = new ulong[session.Length];
        foreach (var client in session.Survivors[2])
        {
            var input = SimulatedInput.Of(parameters, seed, session.Index, client);
            for (var i = 0; i < sum.Length; i++)
                sum[i] = (sum[i] + input[i]) & modulus;
        }
        var bytes = new byte[sum.Length * 8];
        for (var i = 0; i < sum.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), sum[i]);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The server's remoting frame size, as it reports it at start (derived from its sessions' largest message).</summary>
    public static long FrameSize(string serverOutput) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(serverOutput, @"remoting frames up to ([\d,]+) bytes").Groups[1].Value.Replace(",", ""));
}
