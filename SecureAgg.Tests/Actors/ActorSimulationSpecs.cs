using SecureAgg.Actors;
using SecureAgg.Actors.InProcess;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Actors;

/// <summary>
/// Whole aggregations over real actors: dropouts found by the deadline, aborts reported, and a server killed after each
/// round recovering to the same aggregate. Each runs on the real SQLite journal and again on the in-memory journal with
/// serialize-messages = on (the SQL plugin's own internal messages are not serializable, so that check cannot run
/// beside it). No outcome depends on the clock: without dropouts no round may wait for its (long) deadline, and with
/// dropouts the deadline fires exactly when only the injected dropouts are missing (<see cref="DeterministicDeadlines"/>).
/// </summary>
public sealed class ActorSimulationSpecs
{
    // Long enough that a round waiting for it means a bug, never a slow machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    // Over the production composition root; the in-memory runs put every message through the serializer as well.
    private static Task<InProcessSimulation> Start(ProtocolParameters parameters, DropoutSchedule dropouts, TempJournal journal, bool sqlite,
        ServerPhase? crash = null, long snapshotAfterBytes = ServerSessionSettings.DefaultSnapshotAfterBytes, Akka.Configuration.Config? extraConfig = null) =>
        InProcessSimulation.StartAsync(new SimulationSettings(parameters, Rounds: 1, dropouts, Timeout, Seed: 7, CrashServerAfter: crash,
            SnapshotAfterBytes: snapshotAfterBytes), sqlite ? journal.Target : JournalTarget.Memory, verifySerialization: !sqlite, extraConfig);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Without_dropouts_every_round_closes_early_and_sums_every_input(bool sqlite)
    {
        using var journal = new TempJournal();
        var parameters = ProtocolParameters.WithDefaults(8, 300, bits: 20);
        await using var simulation = await Start(parameters, DropoutSchedule.None, journal, sqlite);

        var result = await simulation.RunRoundAsync(1);

        Assert.True(result.Verified);
        Assert.Equal(8, result.Report.Survivors[2].Length);
        Assert.All(result.Report.Rounds, r => Assert.False(r.ByDeadline));
        Assert.Empty(result.Report.Ignored);
    }

    [Theory]
    [InlineData(ProtocolRound.AdvertiseKeys, SecurityMode.SemiHonest, true)]
    [InlineData(ProtocolRound.AdvertiseKeys, SecurityMode.SemiHonest, false)]
    [InlineData(ProtocolRound.ShareKeys, SecurityMode.SemiHonest, true)]
    [InlineData(ProtocolRound.ShareKeys, SecurityMode.SemiHonest, false)]
    [InlineData(ProtocolRound.MaskedInputCollection, SecurityMode.SemiHonest, true)]
    [InlineData(ProtocolRound.MaskedInputCollection, SecurityMode.SemiHonest, false)]
    [InlineData(ProtocolRound.Unmasking, SecurityMode.SemiHonest, true)]
    [InlineData(ProtocolRound.Unmasking, SecurityMode.SemiHonest, false)]
    [InlineData(ProtocolRound.ConsistencyCheck, SecurityMode.Active, true)]
    [InlineData(ProtocolRound.ConsistencyCheck, SecurityMode.Active, false)]
    [InlineData(ProtocolRound.Unmasking, SecurityMode.Active, true)]
    [InlineData(ProtocolRound.Unmasking, SecurityMode.Active, false)]
    public async Task Dropouts_injected_at_a_round_are_found_by_its_deadline_and_the_sum_is_exact(ProtocolRound round, SecurityMode mode, bool sqlite)
    {
        using var journal = new TempJournal();
        var parameters = ProtocolParameters.WithDefaults(9, 200, bits: 24, mode: mode);
        var dropouts = new DropoutSchedule(new Dictionary<ProtocolRound, RoundDropout> { [round] = new(0, [2, 5]) });
        await using var simulation = await Start(parameters, dropouts, journal, sqlite, extraConfig: DeterministicDeadlines.Config);

        var result = await simulation.RunRoundAsync(1);

        Assert.True(result.Verified, $"outcome {result.Outcome}: {result.Report.AbortReason}");
        Assert.Contains(result.Report.Rounds, r => r.ByDeadline && r.Survivors == 7);
        var u3 = result.Report.Survivors[2];
        Assert.Equal(round <= ProtocolRound.MaskedInputCollection ? [1, 3, 4, 6, 7, 8, 9] : Enumerable.Range(1, 9), u3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Too_few_survivors_is_a_reported_abort_not_a_crash_or_a_hang(bool sqlite)
    {
        using var journal = new TempJournal();
        var parameters = ProtocolParameters.WithDefaults(6, 50);
        var dropouts = new DropoutSchedule(new Dictionary<ProtocolRound, RoundDropout> { [ProtocolRound.MaskedInputCollection] = new(0, [1, 2, 3]) });
        await using var simulation = await Start(parameters, dropouts, journal, sqlite, extraConfig: DeterministicDeadlines.Config);

        var result = await simulation.RunRoundAsync(1);

        Assert.Equal("aborted", result.Outcome);
        Assert.Equal(new TooFewSurvivors(ProtocolRound.MaskedInputCollection, 3, 5), result.Report.AbortReason);
        Assert.Null(result.Report.Aggregate);
    }

    [Theory]
    [InlineData(ServerPhase.AdvertiseKeys, SecurityMode.SemiHonest, true)]
    [InlineData(ServerPhase.AdvertiseKeys, SecurityMode.SemiHonest, false)]
    [InlineData(ServerPhase.ShareKeys, SecurityMode.SemiHonest, true)]
    [InlineData(ServerPhase.ShareKeys, SecurityMode.SemiHonest, false)]
    [InlineData(ServerPhase.MaskedInputCollection, SecurityMode.SemiHonest, true)]
    [InlineData(ServerPhase.MaskedInputCollection, SecurityMode.SemiHonest, false)]
    [InlineData(ServerPhase.AdvertiseKeys, SecurityMode.Active, true)]
    [InlineData(ServerPhase.AdvertiseKeys, SecurityMode.Active, false)]
    [InlineData(ServerPhase.MaskedInputCollection, SecurityMode.Active, true)]
    [InlineData(ServerPhase.MaskedInputCollection, SecurityMode.Active, false)]
    [InlineData(ServerPhase.ConsistencyCheck, SecurityMode.Active, true)]
    [InlineData(ServerPhase.ConsistencyCheck, SecurityMode.Active, false)]
    public async Task A_server_killed_after_a_round_recovers_from_the_sqlite_journal_with_the_same_aggregate(ServerPhase crashAfter, SecurityMode mode, bool sqlite)
    {
        using var journal = new TempJournal();
        var parameters = ProtocolParameters.WithDefaults(8, 400, bits: 32, mode: mode);
        var dropouts = new DropoutSchedule(new Dictionary<ProtocolRound, RoundDropout> { [ProtocolRound.MaskedInputCollection] = new(0, [4]) });
        await using var simulation = await Start(parameters, dropouts, journal, sqlite, crashAfter, extraConfig: DeterministicDeadlines.Config);

        var result = await simulation.RunRoundAsync(1);

        Assert.True(result.Report.ServerRecovered);
        Assert.True(result.Verified, $"outcome {result.Outcome}: {result.Report.AbortReason}");
        Assert.Equal([1, 2, 3, 5, 6, 7, 8], result.Report.Survivors[2]);
    }

    [Theory]
    [InlineData(ServerPhase.MaskedInputCollection, SecurityMode.SemiHonest, true)]
    [InlineData(ServerPhase.MaskedInputCollection, SecurityMode.Active, true)]
    [InlineData(ServerPhase.ConsistencyCheck, SecurityMode.Active, true)]
    [InlineData(ServerPhase.ShareKeys, SecurityMode.SemiHonest, false)]
    [InlineData(ServerPhase.ConsistencyCheck, SecurityMode.Active, false)]
    public async Task A_server_recovering_from_a_snapshot_plus_later_events_finishes_with_the_same_aggregate(ServerPhase crashAfter, SecurityMode mode, bool sqlite)
    {
        using var journal = new TempJournal();
        var parameters = ProtocolParameters.WithDefaults(8, 400, bits: 32, mode: mode);
        var dropouts = new DropoutSchedule(new Dictionary<ProtocolRound, RoundDropout> { [ProtocolRound.MaskedInputCollection] = new(0, [4]) });
        // Snapshot at every round close, so recovery starts from a snapshot and replays only what came after it.
        await using var simulation = await Start(parameters, dropouts, journal, sqlite, crashAfter, snapshotAfterBytes: 0, extraConfig: DeterministicDeadlines.Config);

        var result = await simulation.RunRoundAsync(1);

        Assert.True(result.Report.ServerRecovered);
        Assert.True(result.Verified, $"outcome {result.Outcome}: {result.Report.AbortReason}");
        Assert.Equal([1, 2, 3, 5, 6, 7, 8], result.Report.Survivors[2]);
        if (sqlite)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={journal.Target.Location}.snapshots");
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM snapshot";
            Assert.True((long)count.ExecuteScalar()! >= 1, "no snapshot was written");
        }
    }
}
