using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using SecureAgg.Actors;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// A real SQLite journal of a server session that crashed in Unmasking: n = 7, t = 4, semi-honest, every client's
/// masked input accepted (U3 = all seven), the unmask answers of clients 1-6 journalled and the round not closed. With
/// snapshots, one is taken at every round close (the last at the mask close, event 24). What each client answered is
/// kept, so a recovered server that asks again gets the same answers (and client 7's, which the crash withheld).
/// </summary>
public sealed class CrashedSessionJournal : IDisposable
{
    public const int Clients = 7;
    public static readonly ProtocolParameters Parameters = ProtocolParameters.WithDefaults(Clients, 16, bits: 16, threshold: 4);

    // 7 keys, close, 7 shares, close, 7 masked inputs, close, 6 unmask answers.
    public const int Events = 30;
    public const long FirstMaskedInput = 17;
    public const long MaskClose = 24;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private CrashedSessionJournal(string folder, ServerSessionSettings settings, ulong[] expected,
        IReadOnlyDictionary<int, ConcurrentDictionary<ProtocolRound, IClientMessage>> replies)
    {
        Folder = folder;
        Settings = settings;
        ExpectedAggregate = expected;
        Replies = replies;
    }

    public string Folder { get; }

    public string JournalPath => Path.Combine(Folder, "journal.db");

    /// <summary>The session's settings, with the journal key it was sealed under.</summary>
    public ServerSessionSettings Settings { get; }

    /// <summary>Σ of all seven inputs mod 2^16: the only aggregate a recovery may produce.</summary>
    public ulong[] ExpectedAggregate { get; }

    public IReadOnlyDictionary<int, ConcurrentDictionary<ProtocolRound, IClientMessage>> Replies { get; }

    /// <summary>The newest snapshot's event (recovery replays only the events after it), 0 without snapshots.</summary>
    public long SnapshotAt => Settings.SnapshotAfterBytes == 0 ? MaskClose : 0;

    /// <summary>
    /// The actor system of a session journal: the project's serializer and the SQLite journal in <paramref name="folder"/>;
    /// <paramref name="existing"/> when the tables are there already (a damaged file then fails the replay at once
    /// instead of the plugin's start).
    /// </summary>
    public static Config SystemConfig(string folder, string logLevel = "WARNING", bool existing = false) =>
        ConfigurationFactory.ParseString($"""
                akka.persistence.journal.sql.auto-initialize = {(existing ? "off" : "on")}
                akka.persistence.snapshot-store.sql.auto-initialize = {(existing ? "off" : "on")}
                akka.loglevel = {logLevel}
                akka.stdout-loglevel = {logLevel}
                akka.log-dead-letters = off
                akka.log-dead-letters-during-shutdown = off
                # A journal too damaged to answer fails the recovery within seconds, not after the default 30 s.
                akka.persistence.journal.sql.recovery-event-timeout = 10s
                """)
            .WithFallback(SecAggActorConfig.Serialization())
            .WithFallback(JournalTarget.Sqlite(Path.Combine(folder, "journal.db")).ToConfig());

    public static async Task<CrashedSessionJournal> WriteAsync(bool snapshots)
    {
        var folder = Path.Combine(Path.GetTempPath(), "secagg-tests", "crashed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var session = SessionId.New();
        var graphSeed = ReproducibleRandom.Seed(41, $"graph {session}");
        var graph = NeighbourGraph.For(Parameters, graphSeed);
        var settings = new ServerSessionSettings(Parameters, session, graphSeed, TimeSpan.FromMinutes(2),
            SnapshotAfterBytes: snapshots ? 0 : ServerSessionSettings.DefaultSnapshotAfterBytes);
        var inputs = Enumerable.Range(1, Clients).Select(id => SimulatedInput.Of(Parameters, 41, 1, id)).ToArray();
        var replies = Enumerable.Range(1, Clients).ToDictionary(id => id, _ => new ConcurrentDictionary<ProtocolRound, IClientMessage>());

        var system = ActorSystem.Create("crashed-session", SystemConfig(folder));
        try
        {
            var unmasked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var counter = system.ActorOf(Props.Create(() => new AcceptedCounter(session, ServerPhase.Unmasking, Clients - 1, unmasked)));
            system.EventStream.Subscribe(counter, typeof(MessageAcceptedNotice));
            var clients = Enumerable.Range(1, Clients).ToDictionary(id => id, id => system.ActorOf(ScriptedClient.Props(
                new ClientSession(Parameters, session, id, graph, inputs[id - 1]), replies[id], id == Clients ? ProtocolRound.Unmasking : null)));
            var server = system.ActorOf(ServerSessionActor.Props(settings, clients, ActorRefs.Nobody), "server");
            foreach (var client in clients.Values)
                client.Tell(new ScriptedClient.StartSession(server));
            await unmasked.Task.WaitAsync(Patience);
            // The crash: nothing after the sixth unmask answer reaches the journal.
            await server.GracefulStop(Patience);
        }
        finally
        {
            await system.Terminate();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        return new CrashedSessionJournal(folder, settings, PlaintextSum.Of(Parameters, Enumerable.Range(1, Clients), id => inputs[id - 1]), replies);
    }

    /// <summary>A copy of the journal and its snapshot store in a fresh folder (deleted with this journal's folder).</summary>
    public string Copy()
    {
        var copy = Path.Combine(Folder, "copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Folder))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    public void Dispose()
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing; the OS temp cleaner gets it.
        }
    }

    /// <summary>Completes once <paramref name="count"/> messages of <paramref name="phase"/> were journalled.</summary>
    private sealed class AcceptedCounter : ReceiveActor
    {
        public AcceptedCounter(SessionId session, ServerPhase phase, int count, TaskCompletionSource done)
        {
            var seen = 0;
            Receive<MessageAcceptedNotice>(notice =>
            {
                if (notice.Session == session && notice.Phase == phase && ++seen == count)
                    done.TrySetResult();
            });
        }
    }
}
