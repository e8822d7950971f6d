using Akka.Actor;
using Microsoft.Data.Sqlite;
using SecureAgg.Actors;
using SecureAgg.Persistence;
using SecureAgg.Protocol.Messages;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Persistence;

/// <summary>The two crashed session journals the <see cref="JournalIntegritySpecs"/> damage copies of: without and with snapshots.</summary>
public sealed class CrashedJournals : IAsyncLifetime
{
    public CrashedSessionJournal Plain { get; private set; } = null!;

    public CrashedSessionJournal WithSnapshots { get; private set; } = null!;

    public CrashedSessionJournal Of(bool snapshots) => snapshots ? WithSnapshots : Plain;

    public async Task InitializeAsync()
    {
        Plain = await CrashedSessionJournal.WriteAsync(snapshots: false);
        WithSnapshots = await CrashedSessionJournal.WriteAsync(snapshots: true);
    }

    public Task DisposeAsync()
    {
        Plain?.Dispose();
        WithSnapshots?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// A server session recovered from a damaged copy of a real SQLite journal (<see cref="CrashedSessionJournal"/>): a
/// bit flipped in a record, a row field altered, the last events deleted, a bit flipped anywhere in the database files,
/// or a file cut short. The recovery either refuses (a record fails its integrity check, or SQLite cannot read the
/// file) or finishes the session with exactly the aggregate of the undamaged journal; never with another one.
/// </summary>
public sealed class JournalIntegritySpecs(CrashedJournals journals, ITestOutputHelper output) : IClassFixture<CrashedJournals>
{
    // Each trial starts an ActorSystem on its own copy: enough to meet every kind of damage several times, and well
    // under a minute for both journals on a loaded two-core machine.
    private const int TrialsPerJournal = 64;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private enum Damage
    {
        MaskedInputBit,
        RecordBit,
        RowField,
        LastEventsDeleted,
        SnapshotBit,
        JournalFileBit,
        SnapshotFileBit,
        JournalFileCut,
    }

    private enum Verdict
    {
        Exact,
        Refused,
        Aborted,
        Wrong,
        NoOutcome,
    }

    private sealed record Outcome(Verdict Verdict, string Detail);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_damaged_journal_refuses_the_recovery_or_recovers_the_exact_aggregate_never_another(bool snapshots)
    {
        var journal = journals.Of(snapshots);
        var undamaged = await RecoverAsync(journal, journal.Copy());
        Assert.True(undamaged.Verdict == Verdict.Exact, undamaged.Detail);

        var counts = new Dictionary<(Damage, Verdict), int>();
        var mustRefuse = 0;
        var kinds = Enum.GetValues<Damage>().Where(d => snapshots || d is not (Damage.SnapshotBit or Damage.SnapshotFileBit)).ToArray();
        for (var trial = 0; trial < TrialsPerJournal; trial++)
        {
            var random = new Random(1000 * (snapshots ? 2 : 1) + trial);
            var damage = kinds[trial % kinds.Length];
            var copy = journal.Copy();
            var (what, mustRefuseAt) = Inflict(damage, copy, journal, random);
            var outcome = await RecoverAsync(journal, copy);
            output.WriteLine($"trial {trial,2} {damage,-18} {what,-48} → {outcome.Verdict}: {outcome.Detail}");
            counts[(damage, outcome.Verdict)] = counts.GetValueOrDefault((damage, outcome.Verdict)) + 1;

            Assert.True(outcome.Verdict is Verdict.Exact or Verdict.Refused, $"trial {trial}: {what}: {outcome.Verdict}: {outcome.Detail}");
            if (mustRefuseAt is { } refused)
            {
                mustRefuse++;
                Assert.True(outcome.Verdict == Verdict.Refused, $"trial {trial}: {what} was not refused: {outcome.Detail}");
                Assert.Contains(refused, outcome.Detail);
            }
        }

        var total = counts.Values.Sum();
        output.WriteLine($"journal {(snapshots ? "with snapshots" : "without snapshots")}: trials={total} replayed-record-altered={mustRefuse} " +
                         string.Join(" ", Enum.GetValues<Verdict>().Select(v => $"{v.ToString().ToLowerInvariant()}={counts.Where(c => c.Key.Item2 == v).Sum(c => c.Value)}")));
        foreach (var kind in kinds)
            output.WriteLine($"  {kind,-18} " + string.Join(" ", Enum.GetValues<Verdict>().Select(v => $"{v.ToString().ToLowerInvariant()}={counts.GetValueOrDefault((kind, v))}")));
        Assert.Equal(0, counts.Where(c => c.Key.Item2 is Verdict.Wrong or Verdict.NoOutcome or Verdict.Aborted).Sum(c => c.Value));
        // Each of these was refused at the altered record (checked above): without them the property would hold vacuously.
        Assert.True(mustRefuse >= 3, $"only {mustRefuse} trials altered a replayed record");
    }

    [Fact]
    public async Task One_bit_flipped_in_a_journalled_masked_input_refuses_the_recovery_naming_the_persistence_id_and_the_event()
    {
        var journal = journals.Plain;
        var copy = journal.Copy();
        const long sequenceNr = CrashedSessionJournal.FirstMaskedInput + 2;
        var record = SealedRecord.Decode(Row(copy, sequenceNr));
        Assert.IsType<MaskedInput>(ProtocolCodec.Decode(record.Payload));

        FlipBit(copy, sequenceNr, bit: 8 * (Row(copy, sequenceNr).Length - 3) + 5);
        var outcome = await RecoverAsync(journal, copy);

        Assert.Equal(Verdict.Refused, outcome.Verdict);
        Assert.StartsWith($"The journal of {journal.Settings.PersistenceId} fails its integrity check at event {sequenceNr}: its MAC does not verify", outcome.Detail);
    }

    [Fact]
    public async Task A_server_restarted_without_the_journal_key_is_refused_at_the_first_event()
    {
        var journal = journals.Plain;

        var outcome = await RecoverAsync(journal, journal.Copy(), journal.Settings with { Integrity = JournalIntegrity.Ephemeral() });

        Assert.Equal(Verdict.Refused, outcome.Verdict);
        Assert.StartsWith($"The journal of {journal.Settings.PersistenceId} fails its integrity check at event 1: its MAC does not verify " +
                          "(the record was altered, or sealed under another journal key)", outcome.Detail);
    }

    [Fact]
    public async Task A_sealed_record_moved_to_another_sequence_number_is_refused_as_moved()
    {
        var journal = journals.Plain;
        var copy = journal.Copy();
        // Event 20's row gets event 19's sealed record: a valid MAC, in the wrong place.
        Execute(copy, "UPDATE journal SET message = (SELECT message FROM journal WHERE sequence_number = 19) WHERE sequence_number = 20");

        var outcome = await RecoverAsync(journal, copy);

        Assert.Equal(Verdict.Refused, outcome.Verdict);
        Assert.Contains("at event 20: the record was sealed as event 19 (moved)", outcome.Detail);
    }

    [Fact]
    public async Task A_snapshot_with_one_bit_flipped_is_refused_naming_its_event()
    {
        var journal = journals.WithSnapshots;
        var copy = journal.Copy();
        using (var connection = Open(Path.Combine(copy, "journal.db.snapshots")))
            FlipBlobBit(connection, "snapshot", "snapshot", "sequence_number", CrashedSessionJournal.MaskClose, new Random(3));

        var outcome = await RecoverAsync(journal, copy);

        Assert.Equal(Verdict.Refused, outcome.Verdict);
        Assert.StartsWith($"The journal of {journal.Settings.PersistenceId} fails its integrity check at the snapshot of event {CrashedSessionJournal.MaskClose}: its MAC does not verify",
            outcome.Detail);
    }

    /// <summary>Damages the copy; returns what was done and, when a replayed record was altered, the refusal that must follow.</summary>
    private static (string What, string? MustRefuseAt) Inflict(Damage damage, string copy, CrashedSessionJournal journal, Random random)
    {
        var journalFile = Path.Combine(copy, "journal.db");
        var snapshotFile = Path.Combine(copy, "journal.db.snapshots");
        switch (damage)
        {
            case Damage.MaskedInputBit or Damage.RecordBit:
            {
                // Masked inputs wherever they are (after a snapshot they are not replayed); any other record among those replayed.
                var sequenceNr = damage == Damage.MaskedInputBit
                    ? random.NextInt64(CrashedSessionJournal.FirstMaskedInput, CrashedSessionJournal.MaskClose)
                    : random.NextInt64(journal.SnapshotAt + 1, CrashedSessionJournal.Events + 1);
                using var connection = Open(journalFile);
                var bit = FlipBlobBit(connection, "journal", "message", "sequence_number", sequenceNr, random);
                // Only the events after the newest snapshot are replayed; a flip in any of those must be refused there.
                return ($"bit {bit} of event {sequenceNr}", sequenceNr > journal.SnapshotAt ? $"at event {sequenceNr}:" : null);
            }
            case Damage.RowField:
            {
                var sequenceNr = random.NextInt64(1, CrashedSessionJournal.Events + 1);
                var mask = 1 << random.Next(0, 16);
                var (column, change) = random.Next(5) switch
                {
                    // Plus 32 or more: never another event's number. (SQLite has no XOR: a ^ m = (a | m) - (a & m).)
                    0 => ("sequence_number", $"sequence_number + {1 << random.Next(5, 30)}"),
                    1 => ("persistence_id", "substr(persistence_id, 1, 20) || char((unicode(substr(persistence_id, 21, 1)) | 1) - (unicode(substr(persistence_id, 21, 1)) & 1)) || substr(persistence_id, 22)"),
                    2 => ("deleted", "1"),
                    3 => ("manifest", "'Y'"),
                    _ => ("identifier", $"(identifier | {mask}) - (identifier & {mask})"),
                };
                Execute(copy, $"UPDATE journal SET {column} = {change} WHERE sequence_number = {sequenceNr}");
                return ($"{column} of event {sequenceNr}", null);
            }
            case Damage.LastEventsDeleted:
            {
                // At least one event stays: an empty journal is a new session, which waits for clients that never start it.
                var deleted = random.Next(1, CrashedSessionJournal.Events);
                Execute(copy, $"DELETE FROM journal WHERE sequence_number > {CrashedSessionJournal.Events - deleted}");
                return ($"the last {deleted} events deleted", null);
            }
            case Damage.SnapshotBit:
            {
                using var connection = Open(snapshotFile);
                var sequenceNr = new[] { 8L, 16L, CrashedSessionJournal.MaskClose }[random.Next(3)];
                var bit = FlipBlobBit(connection, "snapshot", "snapshot", "sequence_number", sequenceNr, random);
                // Only the newest snapshot is loaded.
                return ($"bit {bit} of the snapshot of event {sequenceNr}", sequenceNr == journal.SnapshotAt ? $"at the snapshot of event {sequenceNr}:" : null);
            }
            case Damage.SnapshotFileBit:
                return ($"bit {FlipFileBit(snapshotFile, random)} of journal.db.snapshots", null);
            case Damage.JournalFileCut:
            {
                var length = random.NextInt64(new FileInfo(journalFile).Length);
                using (var file = new FileStream(journalFile, FileMode.Open, FileAccess.Write))
                    file.SetLength(length);
                return ($"journal.db cut to {length} bytes", null);
            }
            default:
                return ($"bit {FlipFileBit(journalFile, random)} of journal.db", null);
        }
    }

    /// <summary>Starts the server session on the copy with clients that answer as they did, and waits for what it ends with.</summary>
    private static async Task<Outcome> RecoverAsync(CrashedSessionJournal journal, string copy, ServerSessionSettings? settings = null)
    {
        var system = ActorSystem.Create("recovery", CrashedSessionJournal.SystemConfig(copy, "OFF", existing: true));
        try
        {
            var ended = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            var watcher = system.ActorOf(Props.Create(() => new OutcomeWatcher(ended)));
            var clients = journal.Replies.ToDictionary(c => c.Key, c => system.ActorOf(ScriptedClient.Props(null, c.Value)));
            var server = system.ActorOf(ServerSessionActor.Props(settings ?? journal.Settings, clients, watcher), "server");
            watcher.Tell(server);
            if (await Task.WhenAny(ended.Task, Task.Delay(Patience)) != ended.Task)
                return new Outcome(Verdict.NoOutcome, $"no outcome within {Patience}");
            return ended.Task.Result switch
            {
                AggregationCompleted done when done.Aggregate.AsSpan().SequenceEqual(journal.ExpectedAggregate) => new Outcome(Verdict.Exact, "the exact aggregate"),
                AggregationCompleted done => new Outcome(Verdict.Wrong, $"aggregate [{string.Join(", ", done.Aggregate.Take(4))}, …]"),
                AggregationAborted { Reason: RecoveryRefused refused } => new Outcome(Verdict.Refused, refused.Reason),
                AggregationAborted aborted => new Outcome(Verdict.Aborted, aborted.Reason.Message),
                var other => new Outcome(Verdict.NoOutcome, $"the server stopped without an outcome ({other})"),
            };
        }
        finally
        {
            await system.Terminate();
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>Hears the session's outcome, or that its actor stopped without one.</summary>
    private sealed class OutcomeWatcher : ReceiveActor
    {
        public OutcomeWatcher(TaskCompletionSource<object> ended)
        {
            Receive<IActorRef>(server => Context.Watch(server));
            Receive<AggregationCompleted>(done => ended.TrySetResult(done));
            Receive<AggregationAborted>(aborted => ended.TrySetResult(aborted));
            Receive<Terminated>(stopped => ended.TrySetResult(stopped));
            ReceiveAny(_ => { });
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(string copy, string sql)
    {
        using var connection = Open(Path.Combine(copy, "journal.db"));
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(command.ExecuteNonQuery() > 0, $"changed no row: {sql}");
    }

    private static byte[] Row(string copy, long sequenceNr)
    {
        using var connection = Open(Path.Combine(copy, "journal.db"));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT message FROM journal WHERE sequence_number = {sequenceNr}";
        return (byte[])command.ExecuteScalar()!;
    }

    private static void FlipBit(string copy, long sequenceNr, int bit)
    {
        using var connection = Open(Path.Combine(copy, "journal.db"));
        var blob = Row(copy, sequenceNr);
        blob[bit / 8] ^= (byte)(1 << (bit % 8));
        Write(connection, "journal", "message", "sequence_number", sequenceNr, blob);
    }

    /// <summary>Flips one random bit of the blob in <paramref name="column"/> of the row whose <paramref name="key"/> is <paramref name="value"/>.</summary>
    private static int FlipBlobBit(SqliteConnection connection, string table, string column, string key, long value, Random random)
    {
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {column} FROM {table} WHERE {key} = {value}";
        var blob = (byte[])read.ExecuteScalar()!;
        var bit = random.Next(blob.Length * 8);
        blob[bit / 8] ^= (byte)(1 << (bit % 8));
        Write(connection, table, column, key, value, blob);
        return bit;
    }

    private static void Write(SqliteConnection connection, string table, string column, string key, long value, byte[] blob)
    {
        using var write = connection.CreateCommand();
        write.CommandText = $"UPDATE {table} SET {column} = @blob WHERE {key} = {value}";
        write.Parameters.AddWithValue("@blob", blob);
        Assert.Equal(1, write.ExecuteNonQuery());
    }

    private static long FlipFileBit(string path, Random random)
    {
        var bytes = File.ReadAllBytes(path);
        var bit = random.NextInt64(bytes.LongLength * 8);
        bytes[bit / 8] ^= (byte)(1 << (int)(bit % 8));
        File.WriteAllBytes(path, bytes);
        return bit;
    }
}
