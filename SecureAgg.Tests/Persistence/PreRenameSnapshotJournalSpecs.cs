using Microsoft.Data.Sqlite;
using SecureAgg.Actors;
using SecureAgg.Actors.Wire;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// The journal and snapshot store of a pre-rename simulation with a snapshot after every mask round: aggregation 1
/// finished after its snapshot, aggregation 2's process was SIGKILLed in Unmasking with four of five answers journalled.
/// The renamed assemblies restore both snapshots and finish the interrupted round with the exact sum.
/// </summary>
public sealed class PreRenameSnapshotJournalSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Fixture = "Simulate/SnapshotAndKill";

    private static readonly PreRenameSimulatedSession Finished =
        new("633ea41723dd40b4a83a0c7e7f4ed552", 21, 1, [1, 2, 3, 4], [41290, 47061, 22612, 41561, 1890, 49990, 53660, 56184]);

    // Snapshot at event 18 (the mask close), then the unmask answers of clients 1-4; client 5 never answered.
    private static readonly PreRenameSimulatedSession Killed =
        new("24d736f0889d42cfbd9d3af916fb5445", 21, 2, [1, 2, 3, 4, 5], [59971, 30425, 12487, 2897, 14373, 54880, 16801, 6743]);

    private readonly PreRenameJournalCopy _journal;

    public PreRenameSnapshotJournalSpecs(ITestOutputHelper output) : this(PreRenameJournalCopy.Of(Fixture), output)
    {
    }

    private PreRenameSnapshotJournalSpecs(PreRenameJournalCopy journal, ITestOutputHelper output)
        : base(SessionReplay.Config(journal), "pre-rename-snapshot", output) => _journal = journal;

    [Fact]
    public void A_session_finished_after_its_snapshot_recovers_from_the_snapshot_alone_to_the_exact_sum()
    {
        // Without the events the snapshot (taken at event 17) covers, only the old snapshot can rebuild the state.
        Assert.Equal(17, DeleteEventsCoveredBySnapshot(Finished));

        var replay = SessionReplay.Start(this, Finished.Settings(TimeSpan.FromSeconds(1)));

        var done = replay.Expect<AggregationCompleted>();
        Assert.True(done.Recovered);
        Assert.Equal([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], done.Survivors);
        Assert.Equal(Finished.SumOf(Finished.U3), done.Aggregate);
        Assert.Equal(Finished.OldSum, done.Aggregate);
    }

    [Fact]
    public void A_session_killed_in_unmasking_resumes_and_its_deadline_finishes_it_with_the_exact_sum()
    {
        var replay = SessionReplay.Start(this, Killed.Settings(TimeSpan.FromSeconds(1)));

        // The recovered actor asks U3 again, as recorded in the old snapshot: survivors 1-5, nobody dropped.
        foreach (var (id, client) in replay.Clients)
        {
            var request = client.ExpectMsg<UnmaskRequest>(SessionReplay.Patience);
            Assert.Equal(id, request.Recipient);
            Assert.Equal(Killed.Session, request.Session);
            Assert.Equal([1, 2, 3, 4, 5], request.Survivors);
            Assert.Empty(request.Dropped);
        }
        // Client 5's state died with the old process; the four journalled answers reach t = 4 at the deadline.
        var closed = replay.Reports.FishForMessage<RoundClosedNotice>(n => n.Phase == ServerPhase.Unmasking, SessionReplay.Patience);
        Assert.True(closed.ByDeadline);
        Assert.Equal(4, closed.Survivors);
        var done = replay.Expect<AggregationCompleted>();
        Assert.True(done.Recovered);
        Assert.Equal([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4]], done.Survivors);
        Assert.Equal(Killed.SumOf(Killed.U3), done.Aggregate);
        Assert.Equal(Killed.OldSum, done.Aggregate);
    }

    [Fact]
    public void The_close_a_resumed_session_appends_is_sealed_around_the_serializer_id_manifest_and_bytes_of_the_old_closes()
    {
        var persistenceId = Killed.Settings(TimeSpan.FromSeconds(1)).PersistenceId;
        var maskClose = JournalRows.Of(_journal.JournalPath, persistenceId).Single(row => row.SequenceNumber == 18);
        Assert.Equal([(byte)ServerPhase.MaskedInputCollection], maskClose.Message);
        var replay = SessionReplay.Start(this, Killed.Settings(TimeSpan.FromSeconds(1)));

        replay.Expect<AggregationCompleted>();

        // A binding that misses the renamed types would still read the old events (by serializer id) but seal these in
        // Akka's default format, which neither `secagg report` nor the pre-rename code reads.
        // The close, then the session's summary (the session actor here is not pruned: nobody recorded its result).
        var rows = JournalRows.Of(_journal.JournalPath, persistenceId);
        Assert.Equal([23L, 24L], rows.TakeLast(2).Select(row => row.SequenceNumber));
        Assert.Equal("F", SealedRecord.Decode(rows[^1].Message).Manifest);
        var appended = rows[^2];
        Assert.Equal((SecAggSerializer.SerializerId, SecAggSerializer.SealedManifest), (appended.SerializerId, appended.Manifest));
        var record = SealedRecord.Decode(appended.Message);
        Assert.Equal((persistenceId, 23L), (record.PersistenceId, record.SequenceNr));
        Assert.Equal((maskClose.SerializerId, maskClose.Manifest), (record.SerializerId, record.Manifest));
        Assert.Equal([(byte)ServerPhase.Unmasking], record.Payload);
    }

    /// <summary>Deletes the session's events up to its snapshot in the copy; returns the snapshot's sequence number.</summary>
    private long DeleteEventsCoveredBySnapshot(PreRenameSimulatedSession session)
    {
        var id = session.Settings(TimeSpan.FromSeconds(1)).PersistenceId;
        long snapshot;
        using (var snapshots = new SqliteConnection($"Data Source={_journal.JournalPath}.snapshots;Pooling=False"))
        {
            snapshots.Open();
            using var query = snapshots.CreateCommand();
            query.CommandText = "SELECT MAX(sequence_number) FROM snapshot WHERE persistence_id = @id";
            query.Parameters.AddWithValue("@id", id);
            snapshot = Convert.ToInt64(query.ExecuteScalar());
        }
        using var journal = new SqliteConnection($"Data Source={_journal.JournalPath};Pooling=False");
        journal.Open();
        using var delete = journal.CreateCommand();
        delete.CommandText = "DELETE FROM journal WHERE persistence_id = @id AND sequence_number <= @snapshot";
        delete.Parameters.AddWithValue("@id", id);
        delete.Parameters.AddWithValue("@snapshot", snapshot);
        Assert.Equal(snapshot, delete.ExecuteNonQuery());
        return snapshot;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _journal.Dispose();
    }
}
