using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Protocol;

/// <summary>
/// A server (or network) that lies to clients: clients must refuse before revealing anything that could expose an
/// input. Each test tampers with the server's messages through the local driver's hook.
/// </summary>
public sealed class MaliciousServerSpecs
{
    private static readonly ProtocolParameters SemiHonest = ProtocolParameters.WithDefaults(12, 50);
    private static readonly ProtocolParameters Active = ProtocolParameters.WithDefaults(12, 50, mode: SecurityMode.Active);

    private static DropoutPlan TwoDropAtMask => new(new Dictionary<int, ProtocolRound> { [3] = ProtocolRound.MaskedInputCollection, [7] = ProtocolRound.MaskedInputCollection });

    private static LocalRoundResult RunWithUnmaskRequest(ProtocolParameters parameters, Func<UnmaskRequest, UnmaskRequest> tamper) =>
        LocalRound.Run(parameters, TwoDropAtMask, seed: 5, hooks: new LocalRoundHooks(OnServerMessage: m => m is UnmaskRequest r ? tamper(r) : m));

    [Fact]
    public void A_client_named_both_survivor_and_dropped_is_refused_and_nothing_is_revealed()
    {
        var result = RunWithUnmaskRequest(SemiHonest, r => r with { Dropped = r.Dropped.Append(1).Distinct().Order().ToArray() });

        Assert.Empty(result.UnmaskResponses);
        Assert.All(result.ClientErrors, e => Assert.IsType<RequestRefused>(e));
        Assert.Contains(result.ClientErrors, e => e.Message.Contains("both as a survivor and as dropped"));
        Assert.Null(result.Aggregate);
    }

    [Fact]
    public void A_survivor_set_that_is_not_inside_U2_is_refused()
    {
        // Client 3 dropped before ShareKeys here, so it is in nobody's U2; a server that claims it survived lies.
        var plan = new DropoutPlan(new Dictionary<int, ProtocolRound> { [3] = ProtocolRound.ShareKeys });
        var result = LocalRound.Run(SemiHonest, plan, seed: 5, hooks: new LocalRoundHooks(OnServerMessage: m =>
            m is UnmaskRequest r ? r with { Survivors = r.Survivors.Append(3).Order().ToArray() } : m));

        Assert.Empty(result.UnmaskResponses);
        Assert.Contains(result.ClientErrors, e => e.Message.Contains("U3 ⊄ U2"));
    }

    [Fact]
    public void A_survivor_set_below_the_threshold_is_refused()
    {
        var t = SemiHonest.Threshold;
        var result = RunWithUnmaskRequest(SemiHonest, r => r with
        {
            // Keep the recipient but claim only t − 1 survivors; move the rest to "dropped" to learn their keys.
            Survivors = r.Survivors.Where(v => v == r.Recipient).Concat(r.Survivors.Where(v => v != r.Recipient).Take(t - 2)).Order().ToArray(),
            Dropped = r.Dropped.Concat(r.Survivors.Where(v => v != r.Recipient).Skip(t - 2)).Order().ToArray(),
        });

        Assert.Empty(result.UnmaskResponses);
        Assert.Contains(result.ClientErrors, e => e.Message.Contains("below the threshold"));
    }

    [Fact]
    public void A_request_that_calls_the_recipient_dropped_is_refused()
    {
        var result = RunWithUnmaskRequest(SemiHonest, r => r with
        {
            Survivors = r.Survivors.Where(v => v != r.Recipient).ToArray(),
            Dropped = r.Dropped.Append(r.Recipient).Order().ToArray(),
        });

        Assert.Empty(result.UnmaskResponses);
        Assert.All(result.ClientErrors, e => Assert.IsType<RequestRefused>(e));
    }

    [Fact]
    public void A_tampered_share_ciphertext_fails_authentication_and_that_client_reveals_nothing()
    {
        var result = LocalRound.Run(SemiHonest, TwoDropAtMask, seed: 5, hooks: new LocalRoundHooks(OnServerMessage: m =>
        {
            if (m is not SharesForwarded { Recipient: 2 } forwarded)
                return m;
            var first = forwarded.Shares[0];
            var flipped = (byte[])first.Ciphertext.Clone();
            flipped[^1] ^= 0x01;
            return forwarded with { Shares = [first with { Ciphertext = flipped }, .. forwarded.Shares.Skip(1)] };
        }));

        var error = Assert.Single(result.ClientErrors);
        Assert.IsType<DecryptionFailed>(error);
        Assert.DoesNotContain(result.UnmaskResponses, r => r.Sender == 2);
        // The other clients still carry the round: t of 10 survivors remain.
        Assert.True(result.Verified);
    }

    [Fact]
    public void A_ciphertext_redirected_to_another_recipient_fails_authentication()
    {
        // The server hands client 2 the ciphertext that client 5 made for client 4, labelled as coming from client 5.
        byte[]? meantForFour = null;
        var result = LocalRound.Run(SemiHonest, DropoutPlan.None, seed: 5, hooks: new LocalRoundHooks(
            OnClientMessage: m =>
            {
                if (m is ShareKeys { Sender: 5 } shares)
                    meantForFour = shares.Shares.Single(s => s.Recipient == 4).Ciphertext;
                return m;
            },
            OnServerMessage: m =>
            {
                if (m is not SharesForwarded { Recipient: 2 } forwarded)
                    return m;
                return forwarded with { Shares = forwarded.Shares.Select(s => s.Sender == 5 ? s with { Ciphertext = meantForFour! } : s).ToArray() };
            }));

        Assert.Equal(new DecryptionFailed(5), Assert.Single(result.ClientErrors));
        Assert.DoesNotContain(result.UnmaskResponses, r => r.Sender == 2);
    }

    [Fact]
    public void Active_mode_a_forged_key_signature_stops_every_client_before_any_share_is_sent()
    {
        var result = LocalRound.Run(Active, DropoutPlan.None, seed: 5, hooks: new LocalRoundHooks(OnServerMessage: m =>
        {
            if (m is not KeysAdvertised broadcast)
                return m;
            // Substitute client 4's masking key (a man in the middle); its signature no longer matches.
            var forged = broadcast.Keys.Select(k => k.Sender == 4 ? k with { MaskingPublicKey = SecureAgg.Crypto.X25519KeyPair.Generate().PublicKey } : k).ToArray();
            return broadcast with { Keys = forged };
        }));

        Assert.Equal(Active.ClientCount, result.ClientErrors.Count);
        Assert.All(result.ClientErrors, e => Assert.Equal(new InvalidSignature(ProtocolRound.AdvertiseKeys, 4), e));
        Assert.Empty(result.UnmaskResponses);
        Assert.Equal(0, result.Timings.Single(t => t.Round == ProtocolRound.ShareKeys).ClientsAnswering);
        Assert.IsType<TooFewSurvivors>(result.Abort);
    }

    [Fact]
    public void Active_mode_a_forged_U3_signature_stops_the_clients_before_any_share_is_revealed()
    {
        var result = LocalRound.Run(Active, TwoDropAtMask, seed: 5, hooks: new LocalRoundHooks(OnServerMessage: m =>
        {
            if (m is not UnmaskRequest request)
                return m;
            var signatures = request.Signatures.Select(s => s.Signer == 1 ? s with { Signature = new byte[64] } : s).ToArray();
            return request with { Signatures = signatures };
        }));

        Assert.Empty(result.UnmaskResponses);
        Assert.NotEmpty(result.ClientErrors);
        Assert.All(result.ClientErrors, e => Assert.Equal(new InvalidSignature(ProtocolRound.ConsistencyCheck, 1), e));
        Assert.Null(result.Aggregate);
    }

    [Fact]
    public void Active_mode_clients_refuse_survivors_that_differ_from_the_signed_U3()
    {
        var result = LocalRound.Run(Active, TwoDropAtMask, seed: 5, hooks: new LocalRoundHooks(OnServerMessage: m =>
        {
            if (m is not UnmaskRequest request)
                return m;
            // Drop survivor 9 from the request although everyone signed a U3 containing it.
            return request.Recipient == 9 ? request : request with
            {
                Survivors = request.Survivors.Where(v => v != 9).ToArray(),
                Dropped = request.Dropped.Append(9).Order().ToArray(),
            };
        }));

        Assert.DoesNotContain(result.UnmaskResponses, r => r.Sender != 9);
        Assert.Contains(result.ClientErrors, e => e.Message.Contains("differ from the U3 this client signed"));
    }

    [Fact]
    public void Active_mode_a_U3_that_leaves_out_the_recipient_is_not_signed()
    {
        var result = LocalRound.Run(Active, TwoDropAtMask, seed: 5, hooks: new LocalRoundHooks(OnServerMessage: m =>
            m is ConsistencyCheckRequest request ? request with { MaskedInputSenders = request.MaskedInputSenders.Where(v => v != request.Recipient).ToArray() } : m));

        Assert.All(result.ClientErrors, e => Assert.IsType<RequestRefused>(e));
        Assert.Equal(10, result.ClientErrors.Count);
        Assert.Empty(result.UnmaskResponses);
    }
}
