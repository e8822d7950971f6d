using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// The server node's progress lines and result files: <c>rounds.csv</c> (one row per protocol round, with bytes per
/// client), <c>sessions.csv</c> and <c>summary.json</c> (survivor sets and a SHA-256 of each aggregate, so anyone can
/// check the aggregate against the inputs). A server resuming a run after a crash appends to the rows the crashed
/// one wrote; summary.json covers the sessions this process finished.
/// </summary>
public sealed class ServerNodeOutput : IServerNodeListener
{
    private readonly Lock _gate = new();
    private readonly string _folder;
    private readonly int _sessions;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ClusterSessionResult> _results = [];
    // Sent to every client with its assignment (e.g. the global model), outside the protocol's rounds.
    private readonly Dictionary<int, int> _payloadBytes = [];
    private readonly TaskCompletionSource<string?> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public const string RoundsHeader = "session,index,round,expected,survivors,seconds,by_deadline,bytes_received,bytes_sent,bytes_up_per_client,bytes_down_per_client";
    public const string SessionsHeader = "index,session,clients,threshold,length,bits,u1,u2,u3,u4,u5,outcome,verified,recovered,seconds,bytes_up_per_client,bytes_down_per_client,task_payload_bytes_per_client,aggregate_sha256,task";

    public ServerNodeOutput(string folder, int sessions)
    {
        _folder = folder;
        _sessions = sessions;
        Directory.CreateDirectory(folder);
    }

    public void RunStarted(bool continuing)
    {
        lock (_gate)
        {
            foreach (var (path, header) in new[] { (RoundsPath, RoundsHeader), (SessionsPath, SessionsHeader) })
            {
                if (!continuing || !File.Exists(path) || File.ReadLines(path).FirstOrDefault() != header)
                    File.WriteAllText(path, header + "\n");
            }
        }
        if (continuing)
            Say("resuming a run interrupted by a crash: rows are appended to rounds.csv and sessions.csv");
    }

    public Task<string?> Finished => _stopped.Task;

    public IReadOnlyList<ClusterSessionResult> Results
    {
        get
        {
            lock (_gate)
                return _results.ToArray();
        }
    }

    private string RoundsPath => Path.Combine(_folder, "rounds.csv");

    private string SessionsPath => Path.Combine(_folder, "sessions.csv");

    public void ClientJoined(string name, int registered) => Say($"client joined: {name} ({registered} registered)");

    public void ClientLeft(string name, int registered) => Say($"client left: {name} ({registered} registered)");

    public void SessionOpened(ClusterSessionOpened opened, bool resumed)
    {
        var p = opened.Parameters;
        lock (_gate)
            _payloadBytes[opened.Index] = opened.TaskPayload.Length;
        Say($"session {opened.Index}{Of()} {(resumed ? "resumed from the journal" : "opened")}: n={p.ClientCount} t={p.Threshold} m={p.VectorLength} b={p.Bits}" +
            (p.IsComplete ? "" : $" k={p.Neighbours}") + (opened.TaskPayload.Length > 0 ? $", task payload {opened.TaskPayload.Length} B per client" : ""));
    }

    public void RoundClosed(int index, RoundClosedNotice notice)
    {
        var up = PerClient(notice.BytesReceived, notice.Survivors);
        var down = PerClient(notice.BytesSent, notice.Survivors);
        Say($"session {index} round {RoundNames.Of(notice.Phase)} closed: {notice.Survivors}/{notice.Expected} clients in {notice.Elapsed.TotalSeconds:F2} s" +
            $"{(notice.ByDeadline ? " (deadline)" : "")}, {up:F0} B up and {down:F0} B down per client");
        var row = string.Join(',', notice.Session, index, RoundNames.Of(notice.Phase), notice.Expected, notice.Survivors,
            notice.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture), notice.ByDeadline ? "yes" : "no", notice.BytesReceived, notice.BytesSent,
            up.ToString("F1", CultureInfo.InvariantCulture), down.ToString("F1", CultureInfo.InvariantCulture));
        lock (_gate)
            File.AppendAllText(RoundsPath, row + "\n");
    }

    public void SessionFinished(ClusterSessionResult result)
    {
        var (up, down) = BytesPerFinisher(result);
        var hash = result.Aggregate is { } aggregate ? AggregateHash(aggregate) : "";
        var u3 = result.Survivors.Count > 2 ? result.Survivors[2].Length : 0;
        var check = result.Verified switch { true => "aggregate verified", false => "aggregate WRONG", null => "aggregate used" };
        Say(result.Completed
            ? $"session {result.Index} completed in {result.Elapsed.TotalSeconds:F2} s: |U3|={u3} of {result.Parameters.ClientCount}, {check}" +
              $"{(result.Recovered ? " (server recovered from its journal)" : "")}, {up:F0} B up / {down:F0} B down per client, sha256 {hash[..16]}"
            : $"session {result.Index} aborted after {result.Elapsed.TotalSeconds:F2} s: {result.AbortReason?.Message}");
        if (result.TaskSummary is { } summary && result.Verified is null)
            Say($"session {result.Index}: {summary}");
        var survivorCounts = Enumerable.Range(0, 5).Select(i => i < result.Survivors.Count ? result.Survivors[i].Length.ToString(CultureInfo.InvariantCulture) : "");
        var p = result.Parameters;
        var row = string.Join(',', new[] { result.Index.ToString(CultureInfo.InvariantCulture), result.Session.ToString(), p.ClientCount.ToString(CultureInfo.InvariantCulture),
                p.Threshold.ToString(CultureInfo.InvariantCulture), p.VectorLength.ToString(CultureInfo.InvariantCulture), p.Bits.ToString(CultureInfo.InvariantCulture) }
            .Concat(survivorCounts)
            .Concat([result.Completed ? "completed" : "aborted", result.Verified switch { true => "yes", false => "no", null => "n/a" }, result.Recovered ? "yes" : "no",
                result.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture), up.ToString("F0", CultureInfo.InvariantCulture),
                down.ToString("F0", CultureInfo.InvariantCulture), PayloadBytes(result.Index).ToString(CultureInfo.InvariantCulture), hash, CsvField.Of(result.TaskSummary ?? "")]));
        lock (_gate)
        {
            _results.Add(result);
            File.AppendAllText(SessionsPath, row + "\n");
            WriteSummary();
        }
    }

    public void Stopped(string? error) => _stopped.TrySetResult(error);

    public void Say(string line)
    {
        lock (_gate)
            Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:F1} s] {line}");
    }

    /// <summary>SHA-256 over the aggregate's words, little-endian 8 bytes each.</summary>
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

    private int PayloadBytes(int index)
    {
        lock (_gate)
            return _payloadBytes.GetValueOrDefault(index);
    }

    private static double PerClient(long bytes, int clients) => clients == 0 ? 0 : (double)bytes / clients;

    private string Of() => _sessions > 0 ? $"/{_sessions}" : "";

    private void WriteSummary()
    {
        var sessions = _results.Select(r => new
        {
            index = r.Index,
            session = r.Session.ToString(),
            clients = r.Parameters.ClientCount,
            threshold = r.Parameters.Threshold,
            length = r.Parameters.VectorLength,
            bits = r.Parameters.Bits,
            members = r.Members.Select(m => new { id = m.Id, name = m.Name }),
            survivors = r.Survivors,
            outcome = r.Completed ? "completed" : "aborted",
            abortReason = r.AbortReason?.Message,
            verified = r.Verified,
            task = r.TaskSummary,
            recovered = r.Recovered,
            seconds = r.Elapsed.TotalSeconds,
            bytesUpPerClient = BytesPerFinisher(r).Up,
            bytesDownPerClient = BytesPerFinisher(r).Down,
            aggregateSha256 = r.Aggregate is { } a ? AggregateHash(a) : null,
        });
        var json = JsonSerializer.Serialize(new { sessions }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(_folder, "summary.json"), json);
    }
}
