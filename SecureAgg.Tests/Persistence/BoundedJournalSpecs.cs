using Akka.Configuration;
using Microsoft.Data.Sqlite;
using SecureAgg.Actors;
using SecureAgg.Actors.InProcess;
using SecureAgg.Actors.Wire;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Report;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;
using SecureAgg.Tests.Actors;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// A finished session's journal is pruned to its <see cref="SessionConcluded"/> summary once its result is recorded:
/// the events before it and its snapshots go, the summary stays, a replay accepts the deleted prefix only before a
/// sealed summary, and the report still rebuilds the session's survivor sets from it.
/// </summary>
public sealed class BoundedJournalSpecs() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(SecAggActorConfig.Serialization()))
{
    private const string Id = "secagg-session-0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static SessionConcluded Summary() =>
        new(SecurityMode.SemiHonest, 10, 4, 0, [new(ServerPhase.AdvertiseKeys, [1, 2, 3], 0), new(ServerPhase.ShareKeys, [1, 2], 0)], "too few");

    [Fact]
    public void A_replay_accepts_deleted_events_before_a_sealed_summary_and_nowhere_else()
    {
        var seal = new JournalSeal(JournalKey.Ephemeral(), Sys.Serialization);
        var summary = seal.Seal(SealedKind.Event, Id, 5, Summary());

        Assert.IsType<SessionConcluded>(new SealedReplay(seal, Id, acceptUnsealed: false).Event(summary, 5));
        // Any other event after a gap is still refused: middle removal and deleted prefixes are detected as before.
        var close = seal.Seal(SealedKind.Event, Id, 5, new RoundClosed(ServerPhase.ShareKeys));
        Assert.Contains("events 1 to 4 are missing", Assert.Throws<JournalIntegrityException>(() => new SealedReplay(seal, Id, false).Event(close, 5)).Message);
        var replay = new SealedReplay(seal, Id, false);
        replay.Event(seal.Seal(SealedKind.Event, Id, 1, new RoundClosed(ServerPhase.AdvertiseKeys)), 1);
        Assert.Contains("events 2 to 4 are missing", Assert.Throws<JournalIntegrityException>(() => replay.Event(close, 5)).Message);
        // A summary that does not open under the key, or is not sealed, is no licence for a gap.
        var forged = new JournalSeal(JournalKey.Ephemeral(), Sys.Serialization).Seal(SealedKind.Event, Id, 5, Summary());
        Assert.Contains("events 1 to 4 are missing", Assert.Throws<JournalIntegrityException>(() => new SealedReplay(seal, Id, false).Event(forged, 5)).Message);
        Assert.Contains("events 1 to 4 are missing", Assert.Throws<JournalIntegrityException>(() => new SealedReplay(seal, Id, acceptUnsealed: true).Event(Summary(), 5)).Message);
        // Sealed for its own place only: moved to another sequence number it is refused.
        Assert.Contains("events 1 to 5 are missing", Assert.Throws<JournalIntegrityException>(() => new SealedReplay(seal, Id, false).Event(summary, 6)).Message);
    }

    [Fact]
    public async Task A_session_whose_result_is_journalled_keeps_only_its_summary()
    {
        using var journal = new TempJournal();
        var parameters = ProtocolParameters.WithDefaults(8, 400, bits: 32);
        var dropouts = new DropoutSchedule(new Dictionary<ProtocolRound, RoundDropout> { [ProtocolRound.MaskedInputCollection] = new(0, [4]) });
        SimulationRoundResult result;
        // A snapshot at every close, so there are snapshots to delete too.
        await using (var simulation = await InProcessSimulation.StartAsync(new SimulationSettings(parameters, Rounds: 1, dropouts, Timeout, Seed: 7, SnapshotAfterBytes: 0),
                         journal.Target, extraConfig: DeterministicDeadlines.Config))
            result = await simulation.RunRoundAsync(1);
        Assert.True(result.Verified, $"outcome {result.Outcome}: {result.Report.AbortReason}");

        var id = ServerSessionSettings.PersistenceIdOf(result.Report.Session);
        var rows = JournalRows.Of(journal.Target.Location, id);
        var live = Assert.Single(rows, r => !r.Deleted);
        // The SQL journal keeps the highest deleted row to remember the sequence number: the round close before the summary.
        Assert.True(rows.Count <= 2, $"{rows.Count} rows left");
        Assert.All(rows.Where(r => r.Deleted), r => Assert.True(r.Message.Length < 200, $"a kept deleted row of {r.Message.Length} bytes"));
        Assert.True(live.SequenceNumber > 20, $"the summary is event {live.SequenceNumber}");
        Assert.Equal(0L, Count($"{journal.Target.Location}.snapshots", $"SELECT COUNT(*) FROM snapshot WHERE persistence_id = '{id}'"));

        SqliteConnection.ClearAllPools();
        await using var query = await JournalQuery.OpenAsync(journal.Target, "OFF");
        var history = await query.ReadSessionAsync(id);
        Assert.NotNull(history.Summary);
        Assert.Equal(1, history.Events);
        Assert.Equal(live.SequenceNumber, history.JournalledEvents);
        Assert.Equal(SessionOutcome.Completed, history.Outcome);
        Assert.Equal(SessionMode.SemiHonest, history.Mode);
        Assert.Equal(400, history.VectorLength);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], history.Survivors(ServerPhase.ShareKeys)!);
        Assert.Equal([1, 2, 3, 5, 6, 7, 8], history.Survivors(ServerPhase.MaskedInputCollection)!);
        Assert.Equal([4], history.Dropped(ServerPhase.MaskedInputCollection)!);
        Assert.Equal([1, 2, 3, 5, 6, 7, 8], history.Survivors(ServerPhase.Unmasking)!);
        Assert.NotNull(history.ClosedAt(ServerPhase.Unmasking));
    }

    [Fact]
    public async Task With_keep_events_a_finished_session_keeps_every_event_and_ends_in_its_summary()
    {
        using var journal = new TempJournal();
        var parameters = ProtocolParameters.WithDefaults(6, 50, bits: 32);
        SimulationRoundResult result;
        await using (var node = await InProcessNode.StartAsync(new InProcessSystemSettings(journal.Target, KeepSessionEvents: true)))
            result = await new ActorSimulation(new SimulationSettings(parameters, Rounds: 1, DropoutSchedule.None, Timeout, Seed: 7), node.Coordinator)
                .RunRoundAsync(1);
        Assert.True(result.Verified);

        var rows = JournalRows.Of(journal.Target.Location, ServerSessionSettings.PersistenceIdOf(result.Report.Session));
        Assert.All(rows, r => Assert.False(r.Deleted));
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.SequenceNumber));
        // 6 clients × 4 phases accepted, 4 closes, the summary.
        Assert.Equal(6 * 4 + 4 + 1, rows.Count);
    }

    private static long Count(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
