using SecureAgg.Actors;
using SecureAgg.Persistence;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// The journal of a pre-rename <c>secagg simulate</c> run (2 aggregations, client 5 silent at the mask round, the
/// server crashed after each mask close and recovered) replayed by the renamed assemblies: each finished session
/// recovers into its final state and recomputes, from the journalled shares and masked inputs, the exact sum of U3.
/// Its records have no seal: they replay only when the settings accept unsealed records, and are refused otherwise.
/// </summary>
public sealed class PreRenameCrashAfterMaskJournalSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Fixture = "Simulate/CrashAfterMask";
    private readonly PreRenameJournalCopy _journal;

    public PreRenameCrashAfterMaskJournalSpecs(ITestOutputHelper output) : this(PreRenameJournalCopy.Of(Fixture), output)
    {
    }

    private PreRenameCrashAfterMaskJournalSpecs(PreRenameJournalCopy journal, ITestOutputHelper output)
        : base(SessionReplay.Config(journal), "pre-rename-crash-after-mask", output) => _journal = journal;

    public static TheoryData<int> Rounds => [1, 2];

    private static PreRenameSimulatedSession Session(int round) => round switch
    {
        1 => new("6817ddb60dea4021b5330d79123d9fd3", 11, 1, [1, 2, 3, 4], [5864, 4371, 29846, 24715, 39449, 60234, 16444, 52814]),
        _ => new("3638aee2ab40490faaf3f82029e1df4d", 11, 2, [1, 2, 3, 4], [34875, 50799, 49787, 52656, 15141, 22410, 45156, 56423]),
    };

    [Theory]
    [MemberData(nameof(Rounds))]
    public void A_session_finished_before_the_rename_replays_to_the_exact_sum_of_its_survivors(int round)
    {
        var session = Session(round);

        var replay = SessionReplay.Start(this, session.Settings(TimeSpan.FromSeconds(1)));

        var done = replay.Expect<AggregationCompleted>();
        Assert.True(done.Recovered);
        Assert.Equal(session.Session, done.Session);
        Assert.Equal([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], done.Survivors);
        Assert.Equal(session.SumOf(session.U3), done.Aggregate);
        Assert.Equal(session.OldSum, done.Aggregate);
    }

    [Fact]
    public void Without_accepting_unsealed_records_the_pre_rename_session_is_refused_at_its_first_event()
    {
        var session = Session(1);

        var replay = SessionReplay.Start(this, session.Settings(TimeSpan.FromSeconds(1), acceptUnsealed: false));

        Watch(replay.Server);
        var aborted = replay.Expect<AggregationAborted>();
        var refused = Assert.IsType<RecoveryRefused>(aborted.Reason);
        Assert.StartsWith($"The journal of secagg-session-{session.Id} fails its integrity check at event 1: the record (ClientMessageAccepted) is not sealed", refused.Reason);
        Assert.Empty(aborted.Survivors);
        ExpectTerminated(replay.Server, SessionReplay.Patience);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _journal.Dispose();
    }
}
