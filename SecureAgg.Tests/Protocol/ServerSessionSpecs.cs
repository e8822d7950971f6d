using SecureAgg.Actors;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Protocol;

/// <summary>Bad client messages are rejected with typed errors and change nothing: the round still sums correctly.</summary>
public sealed class ServerSessionSpecs
{
    private const int N = 6;
    private static readonly ProtocolParameters Parameters = new(N, 4, 16, 40);

    /// <summary>Drives a real session by hand, round by round.</summary>
    private sealed class Harness
    {
        public readonly SessionId Session = SessionId.New();
        public ServerSession Server;
        public readonly ClientSession[] Clients;
        public readonly ulong[][] Inputs;

        public Harness()
        {
            var graph = NeighbourGraph.Complete(N);
            Server = new ServerSession(Parameters, Session, graph);
            Inputs = Enumerable.Range(1, N).Select(id => LocalRound.ClientInput(Parameters, 9, id)).ToArray();
            Clients = Enumerable.Range(1, N).Select(id => new ClientSession(Parameters, Session, id, graph, Inputs[id - 1])).ToArray();
        }

        public IReadOnlyList<IClientMessage> Advertise() => Clients.Select(c => (IClientMessage)c.Start()).ToArray();

        public IReadOnlyList<IClientMessage> Answer(IReadOnlyList<IServerMessage> messages) =>
            messages.Select(m => Clients[m.Recipient - 1].Handle(m).Reply!).ToArray();

        public IReadOnlyList<IServerMessage> DeliverAndClose(IEnumerable<IClientMessage> messages)
        {
            foreach (var message in messages)
                Assert.Null(Server.Handle(message).Rejection);
            return Server.CloseRound().Messages;
        }

        public ulong[] Sum(IEnumerable<int> clients)
        {
            var sum = new ulong[Parameters.VectorLength];
            foreach (var id in clients)
            {
                for (var i = 0; i < sum.Length; i++)
                    sum[i] = (sum[i] + Inputs[id - 1][i]) & Parameters.WordMask;
            }
            return sum;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_session_restored_from_a_snapshot_after_any_round_finishes_with_the_same_aggregate(int snapshotAfter)
    {
        var h = new Harness();
        var graph = NeighbourGraph.Complete(N);
        void MaybeSnapshot(int round)
        {
            if (round != snapshotAfter)
                return;
            var state = h.Server.Capture();
            h.Server = ServerSession.Restore(Parameters, h.Session, graph, null, state);
        }

        MaybeSnapshot(0);
        var shares = h.Answer(h.DeliverAndClose(h.Advertise()));
        MaybeSnapshot(1);
        var masked = h.Answer(h.DeliverAndClose(shares));
        MaybeSnapshot(2);
        // Client 6's masked input never arrives, so unmasking needs both secrets kinds.
        var unmask = h.DeliverAndClose(masked.Take(5));
        MaybeSnapshot(3);
        var responses = h.Answer(unmask);
        Assert.IsType<DuplicateMessage>(h.Server.Handle(responses[0]) is { Rejection: null } ? h.Server.Handle(responses[0]).Rejection : null);
        foreach (var r in responses.Skip(1))
            Assert.Null(h.Server.Handle(r).Rejection);
        Assert.NotNull(h.Server.CloseRound().Aggregate);

        Assert.Equal(h.Sum([1, 2, 3, 4, 5]), h.Server.Aggregate);
        Assert.Equal([1, 2, 3, 4, 5], h.Server.MaskedInputSenders);
    }

    [Fact]
    public void A_client_advertising_a_copied_or_low_order_key_is_left_out_and_the_others_finish()
    {
        var h = new Harness();
        var keys = h.Advertise().Cast<AdvertiseKeys>().ToArray();
        Assert.Null(h.Server.Handle(keys[0]).Rejection);
        var copied = keys[1] with { MaskingPublicKey = keys[0].MaskingPublicKey };
        Assert.Contains("already in use", h.Server.Handle(copied).Rejection!.Message);
        var sameTwice = keys[1] with { MaskingPublicKey = keys[1].EncryptionPublicKey };
        Assert.Contains("already in use", h.Server.Handle(sameTwice).Rejection!.Message);
        var lowOrder = keys[1] with { EncryptionPublicKey = new byte[32] };
        Assert.Contains("low-order", h.Server.Handle(lowOrder).Rejection!.Message);

        // Client 2 is left out; the rest go on without it.
        var requests = h.DeliverAndClose(keys.Skip(2));
        Assert.Equal([1, 3, 4, 5, 6], h.Server.Survivors[0]);
        var masked = h.Answer(h.DeliverAndClose(h.Answer(requests)));
        h.DeliverAndClose(h.Answer(h.DeliverAndClose(masked)));
        Assert.Equal(h.Sum([1, 3, 4, 5, 6]), h.Server.Aggregate);
    }

    [Fact]
    public void Messages_with_missing_fields_are_typed_rejections_on_both_sides()
    {
        var h = new Harness();
        var keys = (AdvertiseKeys)h.Advertise()[0];
        Assert.Contains("missing", h.Server.Handle(keys with { MaskingPublicKey = null! }).Rejection!.Message);
        Assert.Null(h.Server.Handle(keys).Rejection);

        var broken = new KeysAdvertised(h.Session, 1, null!);
        var step = h.Clients[0].Handle(broken);
        Assert.IsType<MalformedMessage>(step.Error);
        Assert.False(step.Aborted);
        Assert.IsType<MalformedMessage>(h.Clients[0].Handle(new UnmaskRequest(h.Session, 1, null!, [], [])).Error);
    }

    [Fact]
    public void A_corrupted_share_is_left_out_and_the_aggregate_is_still_exact()
    {
        var parameters = ProtocolParameters.WithDefaults(12, 40);
        var plan = new DropoutPlan(new Dictionary<int, ProtocolRound> { [3] = ProtocolRound.MaskedInputCollection });
        var result = LocalRound.Run(parameters, plan, seed: 2, hooks: new LocalRoundHooks(OnClientMessage: m =>
        {
            if (m is not UnmaskResponse { Sender: 5 } response)
                return m;
            var tampered = response.SelfMaskShares.Select(s => s.Owner == 1 ? s with { Share = [s.Share[0] ^ 1, .. s.Share[1..]] } : s).ToArray();
            return response with { SelfMaskShares = tampered };
        }));

        // Eleven responders for t = 9: the spare shares find the one that breaks client 1's commitment.
        Assert.True(result.Verified, $"the round did not complete: {result.Abort?.Message}");
        Assert.Equal([new DiscardedShare(5, 1, SharedSecret.SelfMaskSeed)], result.DiscardedShares);
    }

    [Fact]
    public void Share_messages_must_carry_a_32_byte_commitment_which_only_an_older_servers_journal_may_lack()
    {
        var h = new Harness();
        var shares = h.Answer(h.DeliverAndClose(h.Advertise())).Cast<ShareKeys>().ToArray();

        Assert.Equal(new WrongLength(ProtocolRound.ShareKeys, 1, "self-mask commitment", 32, 31),
            h.Server.Handle(shares[0] with { SelfMaskCommitment = shares[0].SelfMaskCommitment![..31] }).Rejection);
        Assert.IsType<MalformedMessage>(h.Server.Handle(shares[0] with { SelfMaskCommitment = null }).Rejection);
        // Replayed from the journal of a server that predates commitments: accepted, and client 1's b is then
        // reconstructed unchecked, as that server did.
        Assert.Null(h.Server.Replay(shares[0] with { SelfMaskCommitment = null }).Rejection);
        foreach (var message in shares.Skip(1))
            Assert.Null(h.Server.Handle(message).Rejection);
        Assert.Equal([2, 3, 4, 5, 6], h.Server.Capture().SelfMaskCommitments.Keys);

        var masked = h.Answer(h.Server.CloseRound().Messages);
        h.DeliverAndClose(h.Answer(h.DeliverAndClose(masked)));
        Assert.Equal(h.Sum(Enumerable.Range(1, N)), h.Server.Aggregate);
    }

    [Fact]
    public void A_session_restored_from_a_snapshot_still_checks_every_b_against_its_commitment()
    {
        var h = new Harness();
        var masked = h.Answer(h.DeliverAndClose(h.Answer(h.DeliverAndClose(h.Advertise()))));
        var unmask = h.DeliverAndClose(masked);
        var bytes = SessionSnapshotCodec.Encode(new SessionSnapshot(h.Server.Capture(), unmask));
        var state = SessionSnapshotCodec.Decode(bytes, Parameters.VectorLength).State;
        Assert.Equal(N, state.SelfMaskCommitments.Count);
        h.Server = ServerSession.Restore(Parameters, h.Session, NeighbourGraph.Complete(N), null, state);

        // Exactly t = 4 answer, and client 2's share of client 5's b is off by one.
        var responses = h.Answer(unmask.Where(m => m.Recipient <= 4).ToArray()).Cast<UnmaskResponse>()
            .Select(r => r.Sender != 2 ? r : r with
            {
                SelfMaskShares = r.SelfMaskShares.Select(s => s.Owner != 5 ? s : s with { Share = [MersenneField.Add(s.Share[0], 1), .. s.Share[1..]] }).ToArray(),
            });
        foreach (var response in responses)
            Assert.Null(h.Server.Handle(response).Rejection);

        Assert.Equal(new UnverifiedReconstruction(5, SharedSecret.SelfMaskSeed, 4, 4), h.Server.CloseRound().Abort);
        Assert.Null(h.Server.Aggregate);
    }

    [Fact]
    public void Duplicate_unknown_wrong_round_and_wrong_session_messages_are_rejected_without_effect()
    {
        var h = new Harness();
        var keys = h.Advertise();
        Assert.Null(h.Server.Handle(keys[0]).Rejection);
        Assert.Equal(new DuplicateMessage(ProtocolRound.AdvertiseKeys, 1), h.Server.Handle(keys[0]).Rejection);
        Assert.Equal(new UnknownSender(ProtocolRound.AdvertiseKeys, 99), h.Server.Handle(((AdvertiseKeys)keys[1]) with { Sender = 99 }).Rejection);
        Assert.IsType<WrongSession>(h.Server.Handle(((AdvertiseKeys)keys[1]) with { Session = SessionId.New() }).Rejection);
        Assert.IsType<WrongRound>(h.Server.Handle(new MaskedInput(h.Session, 2, new ulong[40])).Rejection);
        Assert.Equal(new WrongLength(ProtocolRound.AdvertiseKeys, 2, "masking public key", 32, 31),
            h.Server.Handle(((AdvertiseKeys)keys[1]) with { MaskingPublicKey = new byte[31] }).Rejection);

        var shareRequests = h.DeliverAndClose(keys.Skip(1));
        Assert.Equal(N, h.Server.Survivors[0].Length);
        var shares = h.Answer(shareRequests);
        var masked = h.Answer(h.DeliverAndClose(shares));
        var unmask = h.DeliverAndClose(masked);
        h.DeliverAndClose(h.Answer(unmask));
        Assert.Equal(h.Sum(Enumerable.Range(1, N)), h.Server.Aggregate);
    }

    [Fact]
    public void Wrong_length_and_out_of_range_masked_inputs_are_rejected_and_a_late_duplicate_is_ignored()
    {
        var h = new Harness();
        var shares = h.Answer(h.DeliverAndClose(h.Advertise()));
        var masked = h.Answer(h.DeliverAndClose(shares));
        var first = (MaskedInput)masked[0];

        Assert.Equal(new WrongLength(ProtocolRound.MaskedInputCollection, 1, "masked input", 40, 39),
            h.Server.Handle(first with { Vector = first.Vector[..39] }).Rejection);
        var outOfRange = (ulong[])first.Vector.Clone();
        outOfRange[5] = 1UL << 16;
        Assert.IsType<MalformedMessage>(h.Server.Handle(first with { Vector = outOfRange }).Rejection);

        // Only clients 1..4 get their inputs in before the deadline; client 5's arrives late, client 6 never.
        foreach (var m in masked.Take(4))
            Assert.Null(h.Server.Handle(m).Rejection);
        Assert.Equal(new DuplicateMessage(ProtocolRound.MaskedInputCollection, 1), h.Server.Handle(first).Rejection);
        var unmask = h.Server.CloseRound().Messages;
        Assert.IsType<WrongRound>(h.Server.Handle(masked[4]).Rejection);

        h.DeliverAndClose(h.Answer(unmask));
        Assert.Equal([1, 2, 3, 4], h.Server.MaskedInputSenders);
        Assert.Equal(h.Sum([1, 2, 3, 4]), h.Server.Aggregate);
    }

    [Fact]
    public void Share_messages_must_address_exactly_the_other_members_of_U1()
    {
        var h = new Harness();
        var shares = h.Answer(h.DeliverAndClose(h.Advertise()));
        var first = (ShareKeys)shares[0];

        Assert.IsType<WrongLength>(h.Server.Handle(first with { Shares = first.Shares.Skip(1).ToArray() }).Rejection);
        var twice = first.Shares.Take(first.Shares.Count - 1).Append(first.Shares[0]).ToArray();
        Assert.IsType<MalformedMessage>(h.Server.Handle(first with { Shares = twice }).Rejection);
        var shortCiphertext = first.Shares.Select((s, i) => i == 0 ? s with { Ciphertext = s.Ciphertext[..^1] } : s).ToArray();
        Assert.IsType<WrongLength>(h.Server.Handle(first with { Shares = shortCiphertext }).Rejection);
        Assert.Null(h.Server.Handle(first).Rejection);
    }

    [Fact]
    public void Unmask_responses_must_answer_exactly_what_was_asked()
    {
        var h = new Harness();
        var masked = h.Answer(h.DeliverAndClose(h.Answer(h.DeliverAndClose(h.Advertise()))));
        var unmask = h.DeliverAndClose(masked.Take(5));
        var responses = h.Answer(unmask).Cast<UnmaskResponse>().ToArray();
        var first = responses[0];

        Assert.Single(first.MaskingKeyShares);
        // Asking the server to take a self-mask share of the dropped client 6 as well must fail.
        var extra = first with { SelfMaskShares = first.SelfMaskShares.Append(new RevealedShare(6, first.MaskingKeyShares[0].Share)).ToArray() };
        Assert.IsType<WrongLength>(h.Server.Handle(extra).Rejection);
        var relabelled = first with { MaskingKeyShares = [new RevealedShare(5, first.MaskingKeyShares[0].Share)] };
        Assert.IsType<MalformedMessage>(h.Server.Handle(relabelled).Rejection);
        var outsideField = first with { SelfMaskShares = first.SelfMaskShares.Select((s, i) => i == 0 ? s with { Share = [ulong.MaxValue, 0, 0, 0, 0] } : s).ToArray() };
        Assert.IsType<MalformedMessage>(h.Server.Handle(outsideField).Rejection);

        h.DeliverAndClose(responses);
        Assert.Equal(h.Sum([1, 2, 3, 4, 5]), h.Server.Aggregate);
    }

    [Fact]
    public void Too_few_survivors_aborts_with_the_round_and_counts_and_reconstructs_nothing()
    {
        var h = new Harness();
        var shares = h.Answer(h.DeliverAndClose(h.Advertise()));
        foreach (var m in shares.Take(3))
            h.Server.Handle(m);
        var step = h.Server.CloseRound();

        Assert.Equal(new TooFewSurvivors(ProtocolRound.ShareKeys, 3, 4), step.Abort);
        Assert.Empty(step.Messages);
        Assert.Equal(ServerPhase.Aborted, h.Server.Phase);
        Assert.Null(h.Server.Aggregate);
        Assert.IsType<WrongRound>(h.Server.Handle(shares[3]).Rejection);
    }

    [Fact]
    public void Clients_reject_messages_out_of_order_without_changing_state()
    {
        var h = new Harness();
        h.Advertise();
        var stray = new UnmaskRequest(h.Session, 1, [1, 2, 3, 4], [], []);
        var step = h.Clients[0].Handle(stray);
        Assert.IsType<WrongRound>(step.Error);
        Assert.False(step.Aborted);
        Assert.Equal(ClientPhase.AwaitingKeys, h.Clients[0].Phase);
        Assert.IsType<WrongSession>(h.Clients[0].Handle(stray with { Session = SessionId.New() }).Error);
    }
}
