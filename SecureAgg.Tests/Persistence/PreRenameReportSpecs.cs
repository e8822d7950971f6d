using SecureAgg.Tests.Host;
using SecureAgg.Tests.Processes;

namespace SecureAgg.Tests.Persistence;

/// <summary><c>secagg report</c>, as a real process of the renamed host, over copies of the pre-rename journals.</summary>
public sealed class PreRenameReportSpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static TheoryData<string, string[], string> Journals => new()
    {
        {
            "Simulate/CrashAfterMask", ["6817ddb60dea4021b5330d79123d9fd3", "3638aee2ab40490faaf3f82029e1df4d"],
            "report sessions=2 completed=2 unmasking_short=0 ended_early=0 in_progress=0"
        },
        {
            "Simulate/SnapshotAndKill", ["633ea41723dd40b4a83a0c7e7f4ed552", "24d736f0889d42cfbd9d3af916fb5445"],
            "report sessions=2 completed=1 unmasking_short=0 ended_early=0 in_progress=1"
        },
        {
            PreRenameClusterRun.Fixture, [.. PreRenameClusterRun.Finished.Values.Select(f => f.Id), PreRenameClusterRun.OpenSession],
            "report sessions=3 completed=2 unmasking_short=0 ended_early=0 in_progress=1"
        },
    };

    [Theory]
    [MemberData(nameof(Journals))]
    public void The_report_lists_every_session_of_a_pre_rename_journal_in_the_order_they_ran(string fixture, string[] sessions, string summary)
    {
        using var journal = PreRenameJournalCopy.Of(fixture);

        var run = SecaggProcess.Run(Timeout, "report", "--journal", $"sqlite:{journal.JournalPath}");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith($"secagg report: sqlite:{journal.JournalPath}: {sessions.Length} sessions,", run.Output);
        var positions = sessions.Select(id => run.Output.IndexOf($"session {id}\n", StringComparison.Ordinal)).ToArray();
        Assert.All(positions, position => Assert.True(position >= 0, run.Output));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(summary, run.LastLine);
    }

    [Fact]
    public void The_report_names_the_clients_of_each_pre_rename_cluster_session_from_the_coordinator_journal()
    {
        using var journal = PreRenameJournalCopy.Of(PreRenameClusterRun.Fixture);

        var run = SecaggProcess.Run(Timeout, "report", "--journal", $"sqlite:{journal.JournalPath}", "--session", PreRenameClusterRun.OpenSession);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("mode      active (AdvertiseKeys signed), m = 8", run.Output);
        Assert.Contains("cluster   server 'secagg', session #3: n = 6, t = 5, b = 16; simulated inputs", run.Output);
        Assert.Contains("clients   " + string.Join(", ", PreRenameClusterRun.Members.Select((name, i) => $"{i + 1} {name}")), run.Output);
        Assert.Contains("not (yet) answered: 6", run.Output);
    }
}
