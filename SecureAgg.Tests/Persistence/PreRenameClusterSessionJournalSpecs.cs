using System.Buffers.Binary;
using System.Security.Cryptography;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Report;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// The session actors' streams in a pre-rename cluster server journal (active mode), replayed by the renamed
/// assemblies with the session settings the old coordinator journalled and the trusted key file: every journalled
/// signature is verified again, and each finished session yields the aggregate whose hash the old server wrote.
/// </summary>
public sealed class PreRenameClusterSessionJournalSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly PreRenameJournalCopy _journal;

    public PreRenameClusterSessionJournalSpecs(ITestOutputHelper output) : this(PreRenameJournalCopy.Of(PreRenameClusterRun.Fixture), output)
    {
    }

    private PreRenameClusterSessionJournalSpecs(PreRenameJournalCopy journal, ITestOutputHelper output)
        : base(SessionReplay.Config(journal), "pre-rename-cluster-session", output) => _journal = journal;

    public static TheoryData<int> FinishedSessions => [.. PreRenameClusterRun.Finished.Keys];

    [Theory]
    [MemberData(nameof(FinishedSessions))]
    public async Task A_finished_active_session_replays_with_the_trusted_keys_to_the_aggregate_the_old_server_hashed(int index)
    {
        var (id, oldHash) = PreRenameClusterRun.Finished[index];
        var opened = await OpenedEvent(id);
        Assert.Equal(index, opened.Index);
        Assert.Equal(PreRenameClusterRun.InputSeed, opened.InputSeed);
        Assert.Equal(PreRenameClusterRun.Members, opened.Members.OrderBy(m => m.Id).Select(m => m.Name));
        var p = opened.Parameters;
        Assert.Equal((6, 5, 8, 16, SecurityMode.Active), (p.ClientCount, p.Threshold, p.VectorLength, p.Bits, p.Mode));
        var directory = TrustedKeys.Load(_journal.PathOf(PreRenameClusterRun.TrustedKeysFile)).DirectoryFor(PreRenameClusterRun.Members, out var unknown);
        Assert.Null(unknown);

        var replay = SessionReplay.Start(this, new ServerSessionSettings(p, opened.Session, opened.GraphSeed, opened.RoundTimeout, directory)
        {
            Integrity = new JournalIntegrity(JournalKey.Ephemeral(), AcceptUnsealed: true),
        });

        var done = replay.Expect<AggregationCompleted>();
        Assert.True(done.Recovered);
        Assert.All(done.Survivors, set => Assert.Equal(PreRenameClusterRun.AllClients, set));
        Assert.Equal(PlaintextSum.Of(p, PreRenameClusterRun.AllClients, u => SimulatedInput.Of(p, opened.InputSeed, index, u)), done.Aggregate);
        Assert.Equal(oldHash, Sha256OfWords(done.Aggregate));
    }

    /// <summary>The coordinator's journalled opening of a session, decoded by the renamed codec.</summary>
    private async Task<ClusterSessionOpened> OpenedEvent(string session)
    {
        await using var query = await JournalQuery.OpenAsync(_journal.Target, "OFF");
        var sessions = await query.ReadClusterSessionsAsync(await query.PersistenceIdsAsync());
        Assert.Equal(PreRenameClusterRun.Sessions, sessions.Count);
        Assert.All(sessions.Values, info => Assert.Equal(PreRenameClusterRun.ServerName, info.ServerName));
        return sessions[session].Opened;
    }

    /// <summary>As the server's summary.json hashes an aggregate: SHA-256 over the words, 8 bytes little-endian each.</summary>
    private static string Sha256OfWords(ulong[] words)
    {
        var bytes = new byte[words.Length * sizeof(ulong)];
        for (var i = 0; i < words.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), words[i]);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _journal.Dispose();
    }
}
