using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Protocol;

/// <summary>
/// Seeded property tests over random n, t, b, m, both modes, both graphs and random dropouts at every round. Each case
/// is checked against an independent model of who survives; a failing case prints its seed and parameters.
/// </summary>
public sealed class AggregationPropertySpecs(ITestOutputHelper output)
{
    public static TheoryData<int> Batches => new() { 0, 1, 2, 3, 4, 5, 6, 7 };

    [Theory]
    [MemberData(nameof(Batches))]
    public void Output_is_the_sum_of_exactly_U3_or_the_run_aborts_where_the_model_says(int batch)
    {
        const int casesPerBatch = 30;
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < casesPerBatch; i++)
        {
            var caseSeed = 1000 * (batch + 1) + i;
            var c = RandomRoundCase.Draw(new Random(caseSeed), caseSeed);
            var oracle = SurvivalOracle.For(c);
            var result = LocalRound.Run(c.Parameters, c.Dropouts, c.Seed);
            var label = $"case {c}";

            // The server's survivor sets are exactly the model's, round by round.
            Assert.True(oracle.Survivors.Count >= result.Survivors.Count, label);
            for (var r = 0; r < result.Survivors.Count; r++)
                Assert.True(oracle.Survivors[r].SequenceEqual(result.Survivors[r]), $"{label}: U{r + 1} differs");

            if (oracle.AbortRound is { } abortRound)
            {
                if (oracle.Disconnected)
                {
                    Assert.Equal(abortRound, Assert.IsType<DisconnectedSurvivors>(result.Abort).Round);
                }
                else
                {
                    var abort = Assert.IsType<TooFewSurvivors>(result.Abort);
                    Assert.Equal(abortRound, abort.Round);
                    Assert.True(abort.Survivors < abort.Threshold, label);
                }
                Assert.Null(result.Aggregate);
                if (abortRound < ProtocolRound.Unmasking)
                    Assert.Empty(result.UnmaskResponses);
                outcomes[$"abort@{abortRound}"] = outcomes.GetValueOrDefault($"abort@{abortRound}") + 1;
            }
            else
            {
                Assert.True(result.Abort is null, $"{label}: unexpected abort {result.Abort}");
                Assert.True(result.Verified, $"{label}: aggregate differs from the sum of U3's inputs");
                outcomes["completed"] = outcomes.GetValueOrDefault("completed") + 1;
            }

            Assert.Empty(result.ClientErrors);
            NoClientRevealsBothSecretsOfOnePeer(result, label);
        }
        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("completed") > casesPerBatch / 3, "too few completed cases to mean anything");
    }

    internal static void NoClientRevealsBothSecretsOfOnePeer(LocalRoundResult result, string label)
    {
        var selfMaskOwners = result.UnmaskResponses.SelectMany(r => r.SelfMaskShares.Select(s => s.Owner)).ToHashSet();
        var maskingKeyOwners = result.UnmaskResponses.SelectMany(r => r.MaskingKeyShares.Select(s => s.Owner)).ToHashSet();
        Assert.True(!selfMaskOwners.Overlaps(maskingKeyOwners), $"{label}: both secrets of one client were revealed");
        if (result.Survivors.Count > 2)
        {
            Assert.True(selfMaskOwners.IsSubsetOf(result.Survivors[2]), $"{label}: a self mask outside U3 was revealed");
            Assert.True(!maskingKeyOwners.Overlaps(result.Survivors[2]), $"{label}: a masking key of a U3 member was revealed");
        }
    }
}
