using System.Security.Cryptography;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Protocol;

/// <summary>
/// The server checks every secret it reconstructs in Unmasking against what the owner published (s_sk against its
/// s_pk, b against its ShareKeys commitment): with spare shares a wrong one is found and left out and the sum is exact;
/// with exactly t the session aborts naming the client. A corrupted share never gives a wrong sum.
/// </summary>
public sealed class VerifiedReconstructionSpecs(ITestOutputHelper output)
{
    private const int Seed = 6;

    // Off by one in chunk 1 (secret bytes 7-13): still a field element, so only the reconstruction can notice. Not
    // chunk 0: a change there can stay within the low bits of s_sk that X25519 clamps away, which gives the same key.
    private static ulong[] Corrupt(ulong[] share) => [share[0], MersenneField.Add(share[1], 1), .. share[2..]];

    private static LocalRoundHooks Corrupting(params DiscardedShare[] targets) => new(OnClientMessage: message =>
    {
        if (message is not UnmaskResponse response)
            return message;
        RevealedShare[] Tamper(IReadOnlyList<RevealedShare> shares, SharedSecret secret) =>
            shares.Select(s => targets.Contains(new DiscardedShare(response.Sender, s.Owner, secret)) ? s with { Share = Corrupt(s.Share) } : s).ToArray();
        return response with
        {
            SelfMaskShares = Tamper(response.SelfMaskShares, SharedSecret.SelfMaskSeed),
            MaskingKeyShares = Tamper(response.MaskingKeyShares, SharedSecret.MaskingKey),
        };
    });

    [Fact]
    public void With_exactly_t_responders_a_corrupted_self_mask_share_aborts_naming_the_client_instead_of_summing()
    {
        // U3 = all 7; clients 6 and 7 stay silent in Unmasking, so each b has exactly t = 5 shares.
        var parameters = new ProtocolParameters(7, 5, 16, 40);
        var plan = new DropoutPlan(new Dictionary<int, ProtocolRound> { [6] = ProtocolRound.Unmasking, [7] = ProtocolRound.Unmasking });

        var result = LocalRound.Run(parameters, plan, Seed, hooks: Corrupting(new DiscardedShare(2, 4, SharedSecret.SelfMaskSeed)));

        Assert.Equal(new UnverifiedReconstruction(4, SharedSecret.SelfMaskSeed, 5, 5), result.Abort);
        Assert.Null(result.Aggregate);
        Assert.Empty(result.DiscardedShares);
    }

    [Fact]
    public void With_exactly_t_responders_a_corrupted_masking_key_share_of_a_dropped_client_aborts_naming_it_in_active_mode()
    {
        // Client 3 drops before its masked input (its s_sk is needed); client 7 signs U3 but stays silent in Unmasking.
        var parameters = new ProtocolParameters(7, 5, 16, 40, SecurityMode.Active);
        var plan = new DropoutPlan(new Dictionary<int, ProtocolRound> { [3] = ProtocolRound.MaskedInputCollection, [7] = ProtocolRound.Unmasking });

        var result = LocalRound.Run(parameters, plan, Seed, hooks: Corrupting(new DiscardedShare(5, 3, SharedSecret.MaskingKey)));

        Assert.Equal(new UnverifiedReconstruction(3, SharedSecret.MaskingKey, 5, 5), result.Abort);
        Assert.Null(result.Aggregate);
        Assert.Empty(result.ClientErrors);
    }

    public static TheoryData<SecurityMode, int?> Graphs => new()
    {
        { SecurityMode.SemiHonest, null },
        { SecurityMode.Active, null },
        { SecurityMode.SemiHonest, 8 },
        { SecurityMode.Active, 8 },
    };

    [Theory]
    [MemberData(nameof(Graphs))]
    public void With_spare_responders_wrong_shares_are_left_out_named_and_the_sum_is_exact(SecurityMode mode, int? neighbours)
    {
        const int dropped = 3;
        var parameters = ProtocolParameters.WithDefaults(16, 40, mode: mode, neighbours: neighbours);
        var plan = new DropoutPlan(new Dictionary<int, ProtocolRound> { [dropped] = ProtocolRound.MaskedInputCollection });
        var graph = NeighbourGraph.For(parameters, ReproducibleRandom.Seed(Seed, "graph"));
        // A survivor with two spare holders gets two wrong shares of b among its first t; the dropped client one of s_sk.
        var owner = Enumerable.Range(1, 16).First(o => o != dropped && (graph.IsComplete || !graph.InClosedNeighbourhood(o, dropped)));
        var badHolders = graph.ClosedNeighbourhood(owner).Where(h => h != dropped).Order().Take(2).ToArray();
        var keyHolder = graph.ClosedNeighbourhood(dropped).Where(h => h != dropped && !badHolders.Contains(h)).Min();
        DiscardedShare[] wrong =
        [
            new(badHolders[0], owner, SharedSecret.SelfMaskSeed),
            new(badHolders[1], owner, SharedSecret.SelfMaskSeed),
            new(keyHolder, dropped, SharedSecret.MaskingKey),
        ];

        var result = LocalRound.Run(parameters, plan, Seed, hooks: Corrupting(wrong));

        Assert.True(result.Verified, $"the round did not complete: {result.Abort?.Message}");
        Assert.Equal(wrong.OrderBy(w => w.Secret).ThenBy(w => w.Holder), result.DiscardedShares.OrderBy(w => w.Secret).ThenBy(w => w.Holder));
        AggregationPropertySpecs.NoClientRevealsBothSecretsOfOnePeer(result, "spare responders");
    }

    [Fact]
    public void A_client_whose_commitment_does_not_match_its_shares_makes_the_round_abort_naming_it()
    {
        // Client 3 commits to another seed than the one it shares; twelve honest responders cannot make that verify.
        var parameters = ProtocolParameters.WithDefaults(12, 40);
        var result = LocalRound.Run(parameters, DropoutPlan.None, Seed, hooks: new LocalRoundHooks(OnClientMessage: m =>
            m is ShareKeys { Sender: 3 } shares ? shares with { SelfMaskCommitment = RandomNumberGenerator.GetBytes(SeedCommitment.Size) } : m));

        Assert.Equal(new UnverifiedReconstruction(3, SharedSecret.SelfMaskSeed, 12, parameters.Threshold), result.Abort);
        Assert.Null(result.Aggregate);
        Assert.Empty(result.DiscardedShares);
    }

    [Fact]
    public void A_client_whose_commitment_has_the_wrong_length_or_is_missing_is_left_out_of_U2()
    {
        var parameters = ProtocolParameters.WithDefaults(12, 40);
        var result = LocalRound.Run(parameters, DropoutPlan.None, Seed, hooks: new LocalRoundHooks(OnClientMessage: m => m switch
        {
            ShareKeys { Sender: 3 } shares => shares with { SelfMaskCommitment = shares.SelfMaskCommitment![..31] },
            ShareKeys { Sender: 5 } shares => shares with { SelfMaskCommitment = null },
            _ => m,
        }));

        Assert.True(result.Verified, $"the round did not complete: {result.Abort?.Message}");
        Assert.Equal([1, 2, 4, 6, 7, 8, 9, 10, 11, 12], result.Survivors[1]);
    }

    [Fact]
    public void The_search_leaves_out_up_to_two_shares_remembers_their_holders_and_gives_up_after_a_bounded_number_of_subsets()
    {
        const int t = 10;
        var secret = RandomNumberGenerator.GetBytes(ShamirSecretSharing.SecretSize);
        var holders = Enumerable.Range(1, 14).ToArray();
        var shares = ShamirSecretSharing.Split(secret, t, holders);
        List<(int Holder, ulong[] Share)> With(params int[] wrongHolders) =>
            holders.Select((h, i) => (h, wrongHolders.Contains(h) ? Corrupt(shares[i]) : shares[i])).ToList();
        bool IsSecret(byte[] candidate) => candidate.AsSpan().SequenceEqual(secret);

        var two = new SecretReconstruction(t);
        Assert.Equal(secret, two.Reconstruct(1, SharedSecret.SelfMaskSeed, With(3, 8), IsSecret));
        Assert.Equal([new DiscardedShare(3, 1, SharedSecret.SelfMaskSeed), new DiscardedShare(8, 1, SharedSecret.SelfMaskSeed)], two.Discarded);
        // Holders caught once come last for the next secret, which then needs no search.
        var attempts = two.ExtraAttempts;
        Assert.Equal(secret, two.Reconstruct(2, SharedSecret.SelfMaskSeed, With(3, 8), IsSecret));
        Assert.Equal(attempts, two.ExtraAttempts);

        // Three wrong among the first t + 2: every subset tried (t leaving one out, C(t + 1, 2) leaving two) fails.
        var three = new SecretReconstruction(t);
        Assert.Null(three.Reconstruct(1, SharedSecret.SelfMaskSeed, With(2, 5, 9), IsSecret));
        Assert.Equal(t + t * (t + 1) / 2, three.ExtraAttempts);
        Assert.Empty(three.Discarded);

        // Exactly t shares: one attempt and nothing to search.
        var exact = new SecretReconstruction(t);
        Assert.Null(exact.Reconstruct(1, SharedSecret.MaskingKey, With(4).Take(t).ToList(), IsSecret));
        Assert.Equal(0, exact.ExtraAttempts);
    }

    [Fact]
    public void However_large_t_a_round_tries_at_most_its_budget_of_subsets()
    {
        const int t = 20, budget = 100; // t + C(t + 1, 2) = 230 subsets would exceed it
        var holders = Enumerable.Range(1, t + 2).ToArray();
        var shares = ShamirSecretSharing.Split(new byte[ShamirSecretSharing.SecretSize], t, holders);
        var reconstruction = new SecretReconstruction(t, budget);
        var verified = 0;

        Assert.Null(reconstruction.Reconstruct(1, SharedSecret.SelfMaskSeed, holders.Select((h, i) => (h, shares[i])).ToList(), _ => verified++ < 0));
        Assert.Equal(budget, reconstruction.ExtraAttempts);
        Assert.Equal(1 + budget, verified);
        // The budget is the round's: a later secret gets its first attempt only.
        Assert.Null(reconstruction.Reconstruct(2, SharedSecret.SelfMaskSeed, holders.Select((h, i) => (h, shares[i])).ToList(), _ => verified++ < 0));
        Assert.Equal(2 + budget, verified);
        Assert.Equal(1 << 16, SecretReconstruction.MaxExtraAttempts);
    }

    public static TheoryData<int> Batches => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Batches))]
    public void One_corrupted_share_of_a_random_responder_gives_the_exact_sum_or_a_typed_abort_never_a_wrong_sum(int batch)
    {
        const int casesPerBatch = 25;
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < casesPerBatch; i++)
        {
            var caseSeed = 7000 + 100 * batch + i;
            var random = new Random(caseSeed);
            var c = RandomRoundCase.Draw(random, caseSeed, maxClients: 40, maxLength: 300);
            var oracle = SurvivalOracle.For(c);
            var label = $"case {c}";
            if (oracle.AbortRound is not null)
            {
                outcomes["aborts before any share is revealed"] = outcomes.GetValueOrDefault("aborts before any share is revealed") + 1;
                continue;
            }
            var responders = oracle.Survivors[^1];
            var holder = responders[random.Next(responders.Length)];
            var pick = random.Next(int.MaxValue);
            DiscardedShare? corrupted = null;
            var hooks = new LocalRoundHooks(OnClientMessage: m =>
            {
                if (m is not UnmaskResponse response || response.Sender != holder)
                    return m;
                var all = response.SelfMaskShares.Count + response.MaskingKeyShares.Count;
                var index = pick % all;
                if (index < response.SelfMaskShares.Count)
                {
                    corrupted = new DiscardedShare(holder, response.SelfMaskShares[index].Owner, SharedSecret.SelfMaskSeed);
                    return response with { SelfMaskShares = response.SelfMaskShares.Select((s, j) => j == index ? s with { Share = Corrupt(s.Share) } : s).ToArray() };
                }
                index -= response.SelfMaskShares.Count;
                corrupted = new DiscardedShare(holder, response.MaskingKeyShares[index].Owner, SharedSecret.MaskingKey);
                return response with { MaskingKeyShares = response.MaskingKeyShares.Select((s, j) => j == index ? s with { Share = Corrupt(s.Share) } : s).ToArray() };
            });

            var result = LocalRound.Run(c.Parameters, c.Dropouts, c.Seed, hooks: hooks);

            var target = Assert.IsType<DiscardedShare>(corrupted);
            var t = c.Parameters.Threshold;
            var graph = NeighbourGraph.For(c.Parameters, ReproducibleRandom.Seed(c.Seed, "graph"));
            var holders = responders.Where(h => graph.InClosedNeighbourhood(target.Owner, h)).ToArray();
            if (holders.Length == t)
            {
                Assert.Equal(new UnverifiedReconstruction(target.Owner, target.Secret, t, t), result.Abort);
                Assert.Null(result.Aggregate);
                outcomes["exactly t: typed abort"] = outcomes.GetValueOrDefault("exactly t: typed abort") + 1;
            }
            else
            {
                Assert.True(result.Verified, $"{label}: {result.Abort?.Message ?? "aggregate differs from the sum of U3's inputs"}");
                // The first t holders by id are used; a wrong share among them is found and named, one after them is never read.
                var used = Array.IndexOf(holders, holder) < t;
                DiscardedShare[] expected = used ? [target] : [];
                Assert.Equal(expected, result.DiscardedShares);
                outcomes[used ? "spares: left out, exact" : "spares: unused, exact"] = outcomes.GetValueOrDefault(used ? "spares: left out, exact" : "spares: unused, exact") + 1;
            }
            Assert.Empty(result.ClientErrors);
        }
        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("spares: left out, exact") > 0, "no case left a wrong share out");
    }
}
