using Akka.Configuration;
using Akka.TestKit;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;
using SecureAgg.Host.Cluster;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// A renamed server node (a one-node cluster on a free port) started on a pre-rename server journal whose process was
/// SIGKILLed in session 3's Unmasking: the real <see cref="ClusterSessionCoordinator"/> recovers the two finished
/// sessions and the open one with its members, and its session actor finishes that session from the journal.
/// </summary>
public sealed class PreRenameClusterCoordinatorJournalSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly PreRenameJournalCopy _journal;

    public PreRenameClusterCoordinatorJournalSpecs(ITestOutputHelper output) : this(PreRenameJournalCopy.Of(PreRenameClusterRun.Fixture), output)
    {
    }

    private PreRenameClusterCoordinatorJournalSpecs(PreRenameJournalCopy journal, ITestOutputHelper output)
        : base(ServerNodeConfig(journal), ClusterAkkaConfig.SystemName, output) => _journal = journal;

    private static Config ServerNodeConfig(PreRenameJournalCopy journal) =>
        ClusterAkkaConfig.For(ClusterAkkaConfig.ServerRole, "127.0.0.1", null, 0, ConfigurationFactory.ParseString("akka.loglevel = INFO"))
            .WithFallback(SecureAgg.Actors.Wire.SecAggActorConfig.Serialization()).WithFallback(journal.Target.ToConfig());

    /// <summary>
    /// The old run's server settings (`--min-clients 6 --sessions 3 --length 8 --bits 16 --seed 31 --mode active`), and
    /// `--accept-unsealed-journal`: the old records have no seal.
    /// </summary>
    /// <param name="defaultRejoinDelay">Off: no rejoin delay, since the old run's client nodes are gone.</param>
    private TestProbe StartServer(int sessions, bool acceptUnsealed = true, bool defaultRejoinDelay = false, TimeSpan? rejoinDelay = null)
    {
        var settings = new ClusterServerSettings(MinClients: 6, JoinTimeout: TimeSpan.FromMinutes(2), Sessions: sessions, VectorLength: 8, Bits: 16,
            Threshold: null, Neighbours: null, RoundTimeout: TimeSpan.FromSeconds(8), Seed: PreRenameClusterRun.InputSeed,
            MaximumFrameSize: ClusterAkkaConfig.MaximumFrameSize(Sys.Settings.Config), Name: PreRenameClusterRun.ServerName, Mode: SecurityMode.Active,
            Trusted: TrustedKeys.Load(_journal.PathOf(PreRenameClusterRun.TrustedKeysFile)), Identity: SecureAgg.Crypto.SigningKeyPair.Generate(),
            AcceptUnsealedJournal: acceptUnsealed, RejoinDelay: defaultRejoinDelay ? null : rejoinDelay ?? TimeSpan.Zero);
        var listener = CreateTestProbe("listener");
        Sys.ActorOf(ClusterSessionCoordinator.Props(settings, new SimulatedInputTask(8, 16), listener.Ref),
            ClusterServerSettings.CoordinatorName);
        return listener;
    }

    // Joins, leaves and round closes are progress only: skipped.
    private static T Next<T>(TestProbe listener, TimeSpan within)
    {
        var notice = listener.FishForMessage<object>(n => n is not (ClientJoined or ClientLeft or RoundClosedNotice), within);
        return Assert.IsType<T>(notice);
    }

    /// <summary>Starts the server for the old run's three sessions and follows it until the resumed session #3 finishes.</summary>
    private (TestProbe Listener, SessionOpenedNotice Opened, ClusterSessionResult Finished) ResumeOpenSession()
    {
        var listener = StartServer(sessions: PreRenameClusterRun.Sessions);
        // It rejoins through the open session's two client nodes.
        Assert.Equal(2, Next<RejoinNotice>(listener, SessionReplay.Patience).ClientNodes);
        // Continuing: the journal holds finished sessions and an open one (the host appends to its result files).
        Assert.True(Next<ServerRunStarted>(listener, SessionReplay.Patience).Continuing);
        var opened = Next<SessionOpenedNotice>(listener, SessionReplay.Patience);
        // The old clients are gone: the journalled deadline closes Unmasking with the five journalled answers (t = 5).
        var finished = Next<ClusterSessionResult>(listener, SessionReplay.Patience + opened.Opened.RoundTimeout);
        return (listener, opened, finished);
    }

    [Fact]
    public void The_open_session_is_resumed_with_its_members_and_finished_with_the_sum_of_all_six_inputs()
    {
        var (listener, opened, finished) = ResumeOpenSession();

        Assert.True(opened.Resumed);
        Assert.Equal(3, opened.Opened.Index);
        Assert.Equal(PreRenameClusterRun.OpenSession, opened.Opened.Session.ToString());
        Assert.Equal(PreRenameClusterRun.Members, opened.Opened.Members.OrderBy(m => m.Id).Select(m => m.Name));
        Assert.True(finished.Completed, finished.AbortReason?.Message);
        Assert.True(finished.Recovered);
        Assert.True(finished.Verified);
        Assert.Equal(PreRenameClusterRun.AllClients, finished.Survivors[2]);
        Assert.Equal([1, 2, 3, 4, 5], finished.Survivors[4]);
        var p = opened.Opened.Parameters;
        Assert.Equal(PlaintextSum.Of(p, PreRenameClusterRun.AllClients, u => SimulatedInput.Of(p, PreRenameClusterRun.InputSeed, 3, u)), finished.Aggregate);
        Assert.Equal(PreRenameClusterRun.OpenSessionOldSum, finished.Aggregate);
        // That was the third of three sessions: the run is complete.
        Assert.Null(Next<ServerNodeStopped>(listener, SessionReplay.Patience).Error);
    }

    [Fact]
    public void A_restarted_server_waits_until_its_client_nodes_have_removed_its_dead_incarnation_before_it_rejoins()
    {
        var listener = StartServer(sessions: PreRenameClusterRun.Sessions, defaultRejoinDelay: true);

        var rejoin = Next<RejoinNotice>(listener, SessionReplay.Patience);
        // The shipped settings: a 10 s heartbeat pause, then 3 x 5 s before a client node downs it, then 5 s to spread.
        Assert.Equal(ServerAuthorityDowningProvider.ServerRemovalTime(Sys), rejoin.Delay);
        Assert.Equal(TimeSpan.FromSeconds(30), rejoin.Delay);
        // Not joined, so not Up: 10 s into the wait the run has not started (nothing else is told).
        listener.ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void After_its_rejoin_delay_the_restarted_server_joins_and_its_run_starts()
    {
        var delay = TimeSpan.FromSeconds(6);
        var listener = StartServer(sessions: 2, rejoinDelay: delay);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(delay, Next<RejoinNotice>(listener, SessionReplay.Patience).Delay);
        Assert.True(Next<ServerRunStarted>(listener, delay + SessionReplay.Patience).Continuing);
        Assert.True(clock.Elapsed >= delay, $"the run started after {clock.Elapsed}, before the {delay} delay");
    }

    [Fact]
    public void The_two_finished_sessions_count_so_a_two_session_run_stops_without_opening_any()
    {
        var listener = StartServer(sessions: 2);

        Next<RejoinNotice>(listener, SessionReplay.Patience);
        Assert.True(Next<ServerRunStarted>(listener, SessionReplay.Patience).Continuing);
        Assert.Null(Next<ServerNodeStopped>(listener, SessionReplay.Patience).Error);
    }

    [Fact]
    public void The_session_end_the_renamed_server_appends_is_sealed_around_the_serializer_id_and_manifest_of_the_old_ends()
    {
        var persistenceId = $"secagg-cluster-server-{PreRenameClusterRun.ServerName}";
        var oldRows = JournalRows.Of(_journal.JournalPath, persistenceId);

        ResumeOpenSession();

        // Old stream: 2 nodes seen, #1 opened and ended, #2 opened and ended, #3 opened (7 events); then #3's end.
        Assert.Equal(7, oldRows.Count);
        var oldEnd = oldRows[3];
        var appended = JournalRows.Of(_journal.JournalPath, persistenceId).Single(row => row.SequenceNumber == 8);
        Assert.Equal((SecAggSerializer.SerializerId, SecAggSerializer.SealedManifest), (appended.SerializerId, appended.Manifest));
        var record = SealedRecord.Decode(appended.Message);
        Assert.Equal((persistenceId, 8L), (record.PersistenceId, record.SequenceNr));
        Assert.Equal((oldEnd.SerializerId, oldEnd.Manifest), (record.SerializerId, record.Manifest));
    }

    [Fact]
    public void Without_accepting_unsealed_records_the_server_stops_at_the_first_event_of_its_old_journal()
    {
        var listener = StartServer(sessions: PreRenameClusterRun.Sessions, acceptUnsealed: false);

        var stopped = Next<ServerNodeStopped>(listener, SessionReplay.Patience);
        Assert.StartsWith($"journal recovery failed: The journal of secagg-cluster-server-{PreRenameClusterRun.ServerName} fails its integrity check at event 1: " +
                          "the record (ClientNodeSeen) is not sealed", stopped.Error);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _journal.Dispose();
    }
}
