using System.Globalization;
using SecureAgg.Crypto;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Bench;

/// <summary>The bench's table: time per round for the server and the average client, and bytes on the wire.</summary>
public static class BenchReport
{
    public static void Print(TextWriter output, BenchSettings settings, LocalRoundResult result)
    {
        var p = result.Parameters;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"secagg bench: protocol={settings.ProtocolName} mode={Mode(p.Mode)} n={p.ClientCount} m={p.VectorLength} b={p.Bits} t={p.Threshold}" +
            $"{(p.IsComplete ? (settings.SparseGraph ? " k=n-1 (complete: no sparser graph is safe at this dropout rate)" : "") : $" k={p.Neighbours}")} dropout={settings.Dropout}@{settings.DropoutRound} cores={Environment.ProcessorCount}" +
            $" parallel={(settings.Parallel ? "yes" : "no")} x25519={X25519KeyPair.Backend}"));
        output.WriteLine(string.Create(inv, $"survivors: {string.Join(" ⊇ ", result.Survivors.Select((u, i) => $"U{i + 1}={u.Length}"))}"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"{"round",-24}{"clients",8}{"client avg ms",15}{"clients wall ms",17}{"server ms",12}"));
        foreach (var t in result.Timings)
            output.WriteLine(string.Create(inv, $"{t.Round,-24}{t.ClientsAnswering,8}{t.ClientAverageMs,15:F2}{t.ClientWallMs,17:F1}{t.ServerMs,12:F1}"));
        var clientWall = result.Timings.Sum(t => t.ClientWallMs);
        output.WriteLine(string.Create(inv, $"{"total",-24}{result.ClientsStarted,8}{result.ClientAverageMs,15:F2}{clientWall,17:F1}{result.ServerMs,12:F1}"));
        output.WriteLine();
        var plainBytes = ((long)p.VectorLength * p.Bits + 7) / 8;
        output.WriteLine(string.Create(inv,
            $"bytes sent: per client {result.ClientBytesAverage:F0} on average, {result.FinisherBytesAverage:F0} by one that took part in every round " +
            $"({result.FinisherBytesAverage / plainBytes:F3}× its {plainBytes}-byte plain input); server {result.ServerBytesSent} in all"));
        output.WriteLine(string.Create(inv,
            $"work: clients {result.ClientTotalMs:F0} ms + server {result.ServerMs:F0} ms = {result.ClientTotalMs + result.ServerMs:F0} ms; wall {result.WallMs:F0} ms; " +
            $"client parallelism {(clientWall > 0 ? result.ClientTotalMs / clientWall : 0):F2}× on {Environment.ProcessorCount} cores"));
        output.WriteLine(string.Create(inv,
            $"runtime: {GC.CollectionCount(2)} full GCs, {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms paused in GC, peak working set {Environment.WorkingSet / (1 << 20)} MiB"));
        // The floor the issue sets: 33 µs per 100,000 32-bit words (openssl speed -evp aes-128-ctr on this machine type).
        var wordBytes = p.Bits <= 32 ? 4 : 8;
        var floorMs = result.MasksRegenerated * 0.033 * p.VectorLength / 100_000.0 * wordBytes / 4 / Environment.ProcessorCount;
        output.WriteLine(string.Create(inv,
            $"server unmasking: {result.MasksRegenerated} masks regenerated; AES-CTR floor {floorMs:F1} ms on {Environment.ProcessorCount} cores; server/floor {(floorMs > 0 ? result.ServerMs / floorMs : 0):F2}×"));
    }

    public static string SummaryLine(BenchSettings settings, LocalRoundResult result)
    {
        var p = result.Parameters;
        return string.Create(CultureInfo.InvariantCulture,
            $"bench protocol={settings.ProtocolName} n={p.ClientCount} m={p.VectorLength} t={p.Threshold} dropout={settings.Dropout} " +
            $"client_avg_ms={result.ClientAverageMs:F1} server_ms={result.ServerMs:F1}");
    }

    private const string CsvHeader =
        "protocol,mode,n,m,b,t,k,dropout,dropout_round,survivors,client_avg_ms,server_ms,client_total_ms,work_ms,wall_ms,client_parallelism," +
        "finisher_bytes,expansion,server_bytes,masks_regenerated,verified";

    public static void AppendCsv(FileInfo file, BenchSettings settings, LocalRoundResult result)
    {
        var p = result.Parameters;
        var clientWall = result.Timings.Sum(t => t.ClientWallMs);
        var plainBytes = ((long)p.VectorLength * p.Bits + 7) / 8;
        var row = string.Create(CultureInfo.InvariantCulture,
            $"{settings.ProtocolName},{Mode(p.Mode)},{p.ClientCount},{p.VectorLength},{p.Bits},{p.Threshold},{(p.IsComplete ? p.ClientCount - 1 : p.Neighbours)}," +
            $"{settings.Dropout},{settings.DropoutRound},{string.Join('/', result.Survivors.Select(u => u.Length))},{result.ClientAverageMs:F2},{result.ServerMs:F1}," +
            $"{result.ClientTotalMs:F0},{result.ClientTotalMs + result.ServerMs:F0},{result.WallMs:F0},{(clientWall > 0 ? result.ClientTotalMs / clientWall : 0):F2}," +
            $"{result.FinisherBytesAverage:F0},{result.FinisherBytesAverage / plainBytes:F4},{result.ServerBytesSent},{result.MasksRegenerated},{(result.Verified ? "yes" : "no")}");
        var isNew = !file.Exists || file.Length == 0;
        using var writer = new StreamWriter(file.FullName, append: true);
        if (isNew)
            writer.WriteLine(CsvHeader);
        writer.WriteLine(row);
    }

    private static string Mode(Protocol.SecurityMode mode) => mode == Protocol.SecurityMode.Active ? "active" : "semi-honest";
}
