using SecureAgg.Persistence;
using SecureAgg.Protocol.Messages;
using System.Security.Cryptography;
using System.Text.Json;
using Akka.Actor;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Training;
using SecureAgg.Crypto;
using SecureAgg.Host.Cluster;
using SecureAgg.Host.Output;
using SecureAgg.Learning.Model;
using SecureAgg.Learning.Training;
using SecureAgg.Protocol;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Host;

/// <summary>
/// The server node's results writer fed the coordinator's notices: the progress lines, rounds.csv and sessions.csv
/// with the columns <c>secagg report</c> and the tests read, summary.json, and the run's end answered by message.
/// </summary>
public sealed class ServerResultsWriterSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING"), "results-writer-specs", output)
{
    private const string RoundsHeader = "session,index,round,expected,survivors,seconds,by_deadline,bytes_received,bytes_sent,bytes_up_per_client,bytes_down_per_client";

    private const string SessionsHeader = "index,session,clients,threshold,length,bits,u1,u2,u3,u4,u5,outcome,verified,recovered,seconds," +
                                          "bytes_up_per_client,bytes_down_per_client,task_payload_bytes_per_client,aggregate_sha256,task";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly SessionId Session = new(Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    private static readonly ProtocolParameters Parameters = new(4, 3, 16, 2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "secagg-results-" + Guid.NewGuid().ToString("N"));
    private readonly StringWriter _lines = new();

    private static ClusterSessionOpened Opened(int index = 3, int payloadBytes = 0) =>
        new(index, Session, Parameters, new byte[32], 1, TimeSpan.FromSeconds(1),
            Enumerable.Range(1, 4).Select(i => new SessionMember(i, $"node1/client-{i:D4}", $"akka://x/user/c{i}#{i}")).ToArray(), new byte[payloadBytes]);

    private static RoundClosedNotice Round(ServerPhase phase, int survivors = 3) =>
        new(Session, phase, 4, survivors, TimeSpan.FromMilliseconds(1234.56), ByDeadline: true, BytesReceived: 3000, BytesSent: 6001);

    private static ClusterSessionResult Completed(string? task = "aggregate verified", bool? verified = true) =>
        new(3, Session, Parameters, Opened().Members, [1, 2], null, [[1, 2, 3, 4], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]],
            [Round(ServerPhase.AdvertiseKeys), Round(ServerPhase.ShareKeys)], verified, Recovered: false, TimeSpan.FromMilliseconds(2500), task);

    private static ClusterSessionResult Aborted(ProtocolError? reason = null) =>
        new(3, Session, Parameters, Opened().Members, null, reason ?? new TooFewSurvivors(ProtocolRound.ShareKeys, 1, 3), [[1, 2], [1]], [], null, Recovered: true,
            TimeSpan.FromSeconds(1), null);

    private IActorRef Writer(int sessions = 0) => Sys.ActorOf(ServerResultsWriter.Props(_folder, sessions, new ProgressLog(_lines)));

    /// <summary>Sends the notices, stops the run and waits for the answer: everything before it is written by then.</summary>
    private RunFinished Run(IActorRef writer, params object[] notices)
    {
        foreach (var notice in notices)
            writer.Tell(notice);
        writer.Tell(new ServerNodeStopped(null));
        writer.Tell(AwaitRunFinished.Instance);
        return ExpectMsg<RunFinished>(Patience);
    }

    private string[] Lines(string file) => File.ReadAllText(Path.Combine(_folder, file)).Split('\n');

    private static string Sha256(params ulong[] words) =>
        Convert.ToHexStringLower(SHA256.HashData(words.SelectMany(BitConverter.GetBytes).ToArray()));

    [Fact]
    public void A_fresh_run_starts_both_csv_files_with_their_headers()
    {
        Run(Writer(), new ServerRunStarted(Continuing: false));

        Assert.Equal(new[] { RoundsHeader, "" }, Lines("rounds.csv"));
        Assert.Equal(new[] { SessionsHeader, "" }, Lines("sessions.csv"));
    }

    [Fact]
    public void A_closed_round_is_one_row_of_its_session_with_bytes_per_answering_client()
    {
        Run(Writer(), new ServerRunStarted(false), new SessionOpenedNotice(Opened(index: 3), false), Round(ServerPhase.ShareKeys));

        Assert.Equal($"{Session},3,share,4,3,1.235,yes,3000,6001,1000.0,2000.3", Lines("rounds.csv")[1]);
    }

    [Fact]
    public void A_completed_session_is_one_row_with_survivor_counts_bytes_payload_and_aggregate_hash()
    {
        Run(Writer(), new ServerRunStarted(false), new SessionOpenedNotice(Opened(payloadBytes: 17), false), Completed());

        Assert.Equal($"3,{Session},4,3,2,16,4,3,3,3,3,completed,yes,no,2.500,2000,4001,17,{Sha256(1, 2)},aggregate verified", Lines("sessions.csv")[1]);
    }

    [Fact]
    public void An_aborted_session_leaves_the_rounds_it_did_not_reach_and_the_hash_empty()
    {
        Run(Writer(), new ServerRunStarted(false), new SessionOpenedNotice(Opened(), false), Aborted());

        Assert.Equal($"3,{Session},4,3,2,16,2,1,,,,aborted,n/a,yes,1.000,0,0,0,,", Lines("sessions.csv")[1]);
    }

    [Fact]
    public void A_session_the_journal_failed_is_written_as_failed_not_aborted()
    {
        Run(Writer(), new ServerRunStarted(false), new SessionOpenedNotice(Opened(), false), Aborted(new JournalUnavailable("the database went away")));

        Assert.Equal($"3,{Session},4,3,2,16,2,1,,,,failed,n/a,yes,1.000,0,0,0,,", Lines("sessions.csv")[1]);
        Assert.Contains(_lines.ToString().Split('\n'), line => line.Contains("session 3 FAILED after 1.00 s (infrastructure, not a protocol abort): The journal was unavailable: the database went away"));
    }

    [Fact]
    public void A_resumed_run_appends_to_the_rows_the_crashed_one_wrote()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "rounds.csv"), RoundsHeader + "\nearlier,1,advertise,4,4,0.100,no,1,1,0.3,0.3\n");

        Run(Writer(), new ServerRunStarted(Continuing: true), new SessionOpenedNotice(Opened(), true), Round(ServerPhase.ShareKeys));

        var rows = Lines("rounds.csv");
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("earlier,", rows[1]);
        Assert.StartsWith($"{Session},3,share,", rows[2]);
    }

    [Fact]
    public void The_summary_lists_each_finished_session_with_members_survivors_and_hash()
    {
        Run(Writer(), new ServerRunStarted(false), new SessionOpenedNotice(Opened(), false), Completed());

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        var session = Assert.Single(summary.RootElement.GetProperty("sessions").EnumerateArray());
        Assert.Equal("completed", session.GetProperty("outcome").GetString());
        Assert.Equal("node1/client-0002", session.GetProperty("members")[1].GetProperty("name").GetString());
        Assert.Equal(3, session.GetProperty("survivors")[2].GetArrayLength());
        Assert.Equal(Sha256(1, 2), session.GetProperty("aggregateSha256").GetString());
    }

    [Fact]
    public void Progress_lines_tell_joins_openings_rounds_and_outcomes()
    {
        Run(Writer(sessions: 5), new ServerRunStarted(false), new ClientJoined("node1/client-0001", 1), new SessionOpenedNotice(Opened(), false),
            Round(ServerPhase.ShareKeys), Completed(), new ClientLeft("node1/client-0001", 0));

        var text = _lines.ToString();
        Assert.Contains("] client joined: node1/client-0001 (1 registered)", text);
        Assert.Contains("] session 3/5 opened: n=4 t=3 m=2 b=16", text);
        Assert.Contains("] session 3 round share closed: 3/4 clients in ", text);
        Assert.Contains("] session 3 completed in ", text);
        Assert.Contains("] client left: node1/client-0001 (0 registered)", text);
    }

    [Fact]
    public void A_host_that_asked_early_hears_the_end_only_after_the_stop_with_every_result()
    {
        var writer = Writer();
        var host = CreateTestProbe();
        host.Send(writer, AwaitRunFinished.Instance);

        writer.Tell(new ServerRunStarted(false));
        writer.Tell(new SessionOpenedNotice(Opened(), false));
        writer.Tell(Completed());
        writer.Tell(new ServerNodeStopped("the journal failed"));

        var finished = host.ExpectMsg<RunFinished>(Patience);
        Assert.Equal("the journal failed", finished.Error);
        Assert.Equal(Session, Assert.Single(finished.Results).Session);
    }

    [Fact]
    public void The_runs_end_carries_the_latest_training_progress_the_coordinator_reported()
    {
        var model = MlpModel.Create(new MlpShape(2, [3], 2), seed: 1);
        TrainingRoundMetrics Round(int round) => new(round, double.NaN, 0.5 + round / 10.0, 0.4, 4, 3, 1, false, null, 12.5, 0);
        var first = new ClusterTrainingProgress([Round(1)], model, new ClassificationReport(0.6, 0.4, new int[2, 2]));
        var latest = new ClusterTrainingProgress([Round(1), Round(2)], model, new ClassificationReport(0.7, 0.4, new int[2, 2]));

        var finished = Run(Writer(), new ServerRunStarted(false), new SessionOpenedNotice(Opened(), false), Completed(), first, latest);

        Assert.Same(latest, finished.Training);
        Assert.Null(Run(Writer(), new ServerRunStarted(false)).Training);
    }

    [Fact]
    public void The_first_stop_is_the_runs_verdict()
    {
        var writer = Writer();
        writer.Tell(new ServerNodeStopped("first"));

        var finished = Run(writer);

        Assert.Equal("first", finished.Error);
    }

    [Fact]
    public void A_result_file_that_cannot_be_written_fails_the_run()
    {
        // The output folder's path is taken by a file: nothing can be written there.
        File.WriteAllText(_folder, "");

        var finished = Run(Writer(), new ServerRunStarted(false));

        Assert.StartsWith("cannot write ", finished.Error);
        Assert.Contains("cannot write ", _lines.ToString());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        else if (File.Exists(_folder))
            File.Delete(_folder);
    }
}
