using SecureAgg.Actors;
using SecureAgg.Actors.InProcess;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Actors;

/// <summary>The same journal guarantees on PostgreSQL (provider PostgreSQL15), the deployments' journal.</summary>
public sealed class PostgresJournalSpecs
{
    [PostgresTheory]
    [InlineData(ServerPhase.ShareKeys, SecurityMode.SemiHonest, ServerSessionSettings.DefaultSnapshotAfterBytes)]
    [InlineData(ServerPhase.MaskedInputCollection, SecurityMode.SemiHonest, 0L)]
    [InlineData(ServerPhase.ConsistencyCheck, SecurityMode.Active, 0L)]
    public async Task A_server_crashing_after_a_round_recovers_from_the_postgres_journal_with_the_same_aggregate(ServerPhase crashAfter, SecurityMode mode, long snapshotAfterBytes)
    {
        var journal = JournalTarget.Parse("postgres:" + PostgresTheoryAttribute.ConnectionString);
        var parameters = ProtocolParameters.WithDefaults(8, 400, bits: 32, mode: mode);
        var dropouts = new DropoutSchedule(new Dictionary<ProtocolRound, RoundDropout> { [ProtocolRound.MaskedInputCollection] = new(0, [4]) });
        // Client 4's dropout is found when only it is missing, however slow the others are (no clock involved).
        var settings = new SimulationSettings(parameters, 1, dropouts, TimeSpan.FromMinutes(2), Seed: 9,
            CrashServerAfter: crashAfter, SnapshotAfterBytes: snapshotAfterBytes);
        await using var simulation = await InProcessSimulation.StartAsync(settings, journal, extraConfig: DeterministicDeadlines.Config);

        var result = await simulation.RunRoundAsync(1);

        Assert.True(result.Report.ServerRecovered);
        Assert.True(result.Verified, $"outcome {result.Outcome}: {result.Report.AbortReason}");
        Assert.Equal([1, 2, 3, 5, 6, 7, 8], result.Report.Survivors[2]);
    }
}
