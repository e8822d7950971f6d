using System.Security.Cryptography;
using SecureAgg.Crypto;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Protocol;

public enum ServerPhase
{
    AdvertiseKeys,
    ShareKeys,
    MaskedInputCollection,
    ConsistencyCheck,
    Unmasking,
    Completed,
    Aborted,
}

/// <summary>
/// The server's side of one aggregation as a pure state machine. <see cref="Handle"/> validates one client message in
/// full and then records it (or rejects it and changes nothing); <see cref="CloseRound"/> is the round's deadline: it
/// fixes the round's survivor set U_i, aborts when too few remain, and returns the next round's messages. The output
/// is Σ_{u∈U3} x_u mod R and nothing else.
/// </summary>
public sealed class ServerSession
{
    private readonly ProtocolParameters _parameters;
    private readonly NeighbourGraph _graph;
    private readonly IdentityDirectory? _directory;
    private readonly List<int[]> _survivors = [];

    private HashSet<int> _expected;
    private readonly SortedDictionary<int, AdvertiseKeys> _advertised = [];
    private readonly HashSet<string> _publicKeysInUse = [];
    private readonly SortedDictionary<int, ShareKeys> _shares = [];
    private readonly SortedDictionary<int, byte[]> _selfMaskCommitments = [];
    private readonly SortedSet<int> _maskedInputSenders = [];
    private readonly SortedDictionary<int, byte[]> _signatures = [];
    private readonly SortedDictionary<int, UnmaskResponse> _unmaskResponses = [];
    private readonly Dictionary<int, UnmaskRequest> _unmaskRequests = [];
    private readonly ModularAccumulator _maskedSum;
    private byte[]? _signedSurvivorsPayload;

    public ServerSession(ProtocolParameters parameters, SessionId session, NeighbourGraph graph, IdentityDirectory? directory = null)
    {
        if (graph.ClientCount != parameters.ClientCount)
            throw new ArgumentException("The neighbour graph is for a different client count.", nameof(graph));
        if (parameters.Mode == SecurityMode.Active && directory is null)
            throw new ArgumentException("Active mode needs the identity directory.", nameof(directory));
        _parameters = parameters;
        Session = session;
        _graph = graph;
        _directory = directory;
        _expected = [.. Enumerable.Range(1, parameters.ClientCount)];
        _maskedSum = ModularAccumulator.Create(parameters.Bits, parameters.VectorLength);
    }

    public SessionId Session { get; }
    public ServerPhase Phase { get; private set; } = ServerPhase.AdvertiseKeys;
    public ProtocolError? AbortReason { get; private set; }
    public ulong[]? Aggregate { get; private set; }

    /// <summary>PRG masks expanded to unmask: one per survivor's self mask, one per (dropped, surviving neighbour) pair.</summary>
    public int MasksRegenerated { get; private set; }

    /// <summary>Unmasking's revealed shares that were wrong and left out (the secrets were still verified and the sum exact).</summary>
    public IReadOnlyList<DiscardedShare> DiscardedShares { get; private set; } = [];

    /// <summary>U1, U2, … U5 in order: the clients left after each closed round (U4 = U3 in semi-honest mode).</summary>
    public IReadOnlyList<int[]> Survivors => _survivors;

    /// <summary>U3: the clients whose inputs are in the aggregate (empty until MaskedInputCollection closes).</summary>
    public IReadOnlyList<int> MaskedInputSenders => _survivors.Count > 2 ? _survivors[2] : [];

    /// <summary>How many clients the current round waits for (U_{i−1}; all n in AdvertiseKeys).</summary>
    public int ExpectedCount => _expected.Count;

    /// <summary>Everyone still expected in the current round has answered, so the round may close before its deadline.</summary>
    public bool AllExpectedArrived => Phase < ServerPhase.Completed && ReceivedCount == _expected.Count;

    private int ReceivedCount => Phase switch
    {
        ServerPhase.AdvertiseKeys => _advertised.Count,
        ServerPhase.ShareKeys => _shares.Count,
        ServerPhase.MaskedInputCollection => _maskedInputSenders.Count,
        ServerPhase.ConsistencyCheck => _signatures.Count,
        ServerPhase.Unmasking => _unmaskResponses.Count,
        _ => 0,
    };

    /// <summary>The session's state between messages, for a snapshot; only while the session is still running.</summary>
    public ServerSessionState Capture()
    {
        if (Phase is ServerPhase.Completed or ServerPhase.Aborted)
            throw new InvalidOperationException("A finished session has nothing left to snapshot.");
        return new ServerSessionState(Phase, _survivors.ToArray(), _expected.Order().ToArray(), _advertised.Values.ToArray(), _shares.Values.ToArray(),
            _maskedSum.ToVector(), _maskedInputSenders.ToArray(), _signatures.Select(s => new SurvivorSignature(s.Key, s.Value)).ToArray(),
            _unmaskRequests.Values.OrderBy(r => r.Recipient).ToArray(), _unmaskResponses.Values.ToArray(),
            new SortedDictionary<int, byte[]>(_selfMaskCommitments));
    }

    /// <summary>A session continuing from a snapshot taken by <see cref="Capture"/> with the same parameters.</summary>
    public static ServerSession Restore(ProtocolParameters parameters, SessionId session, NeighbourGraph graph, IdentityDirectory? directory, ServerSessionState state)
    {
        if (state.MaskedSum.Length != parameters.VectorLength)
            throw new ArgumentException($"The snapshot's sum has {state.MaskedSum.Length} words, the session expects {parameters.VectorLength}.");
        var restored = new ServerSession(parameters, session, graph, directory) { Phase = state.Phase };
        restored._survivors.AddRange(state.Survivors);
        restored._expected = [.. state.Expected];
        foreach (var keys in state.Advertised)
            restored.AddAdvertised(keys);
        foreach (var shares in state.Shares)
            restored._shares.Add(shares.Sender, shares);
        restored._maskedSum.Add(state.MaskedSum);
        restored._maskedInputSenders.UnionWith(state.MaskedInputSenders);
        foreach (var signature in state.Signatures)
            restored._signatures.Add(signature.Signer, signature.Signature);
        foreach (var request in state.UnmaskRequests)
            restored._unmaskRequests.Add(request.Recipient, request);
        foreach (var response in state.UnmaskResponses)
            restored._unmaskResponses.Add(response.Sender, response);
        foreach (var (client, commitment) in state.SelfMaskCommitments)
            restored._selfMaskCommitments.Add(client, commitment);
        if (parameters.Mode == SecurityMode.Active && state.Survivors.Count > 2)
            restored._signedSurvivorsPayload = SignedPayloads.MaskedInputSenders(session, state.Survivors[2]);
        return restored;
    }

    /// <summary>Checks one client message in full without changing anything; null means <see cref="Handle"/> will accept it.</summary>
    public ProtocolError? Validate(IClientMessage message) => Validate(message, journalled: false);

    /// <summary>Validates and, if valid, records the message; a rejected message changes nothing.</summary>
    public ServerStep Handle(IClientMessage message) => Handle(message, journalled: false);

    /// <summary>
    /// Re-applies a message from this server's own journal: as <see cref="Handle"/>, except that a ShareKeys journalled
    /// before ShareKeys carried commitments may lack one. That client's b is then reconstructed as it was then, unchecked.
    /// </summary>
    public ServerStep Replay(IClientMessage message) => Handle(message, journalled: true);

    private ProtocolError? Validate(IClientMessage message, bool journalled)
    {
        if (Phase is ServerPhase.Completed or ServerPhase.Aborted)
            return new WrongRound(message.GetType().Name, Phase.ToString());
        if (message.Session != Session)
            return new WrongSession(message.GetType().Name, Session, message.Session);
        if ((int)message.Round != (int)Phase)
            return new WrongRound(message.GetType().Name, Phase.ToString());
        if (!_expected.Contains(message.Sender))
            return new UnknownSender(message.Round, message.Sender);
        if (MessageShape.HasMissingParts(message))
            return new MalformedMessage(message.Round, message.Sender, "a field is missing (null)");

        return message switch
        {
            AdvertiseKeys keys => CheckAdvertiseKeys(keys),
            ShareKeys shares => CheckShareKeys(shares, journalled),
            MaskedInput input => CheckMaskedInput(input),
            ConsistencySignature signature => CheckConsistencySignature(signature),
            UnmaskResponse response => CheckUnmaskResponse(response),
            _ => new MalformedMessage(message.Round, message.Sender, $"unknown message type {message.GetType().Name}"),
        };
    }

    private ServerStep Handle(IClientMessage message, bool journalled)
    {
        if (Validate(message, journalled) is { } error)
            return ServerStep.Reject(error);
        switch (message)
        {
            case AdvertiseKeys keys:
                AddAdvertised(keys);
                break;
            case ShareKeys shares:
                _shares.Add(shares.Sender, shares);
                if (shares.SelfMaskCommitment is { } commitment)
                    _selfMaskCommitments.Add(shares.Sender, commitment);
                break;
            case MaskedInput input:
                _maskedSum.Add(input.Vector);
                _maskedInputSenders.Add(input.Sender);
                break;
            case ConsistencySignature signature:
                _signatures.Add(signature.Sender, signature.Signature);
                break;
            case UnmaskResponse response:
                _unmaskResponses.Add(response.Sender, response);
                break;
        }
        return ServerStep.Accepted;
    }

    private void AddAdvertised(AdvertiseKeys keys)
    {
        _advertised.Add(keys.Sender, keys);
        _publicKeysInUse.Add(Convert.ToHexString(keys.EncryptionPublicKey));
        _publicKeysInUse.Add(Convert.ToHexString(keys.MaskingPublicKey));
    }

    /// <summary>The current round's deadline (or everyone answered): fix U_i and move on, abort, or finish.</summary>
    public ServerStep CloseRound()
    {
        return Phase switch
        {
            ServerPhase.AdvertiseKeys => CloseAdvertiseKeys(),
            ServerPhase.ShareKeys => CloseShareKeys(),
            ServerPhase.MaskedInputCollection => CloseMaskedInputCollection(),
            ServerPhase.ConsistencyCheck => CloseConsistencyCheck(),
            ServerPhase.Unmasking => CloseUnmasking(),
            _ => ServerStep.Reject(new WrongRound(nameof(CloseRound), Phase.ToString())),
        };
    }

    private ProtocolError? CheckAdvertiseKeys(AdvertiseKeys message)
    {
        if (_advertised.ContainsKey(message.Sender))
            return new DuplicateMessage(message.Round, message.Sender);
        if (message.EncryptionPublicKey.Length != X25519KeyPair.KeySize)
            return new WrongLength(message.Round, message.Sender, "encryption public key", X25519KeyPair.KeySize, message.EncryptionPublicKey.Length);
        if (message.MaskingPublicKey.Length != X25519KeyPair.KeySize)
            return new WrongLength(message.Round, message.Sender, "masking public key", X25519KeyPair.KeySize, message.MaskingPublicKey.Length);
        // Keys a client's neighbours would refuse (reused or low-order) would make all of them abort: leave out the one sender.
        var encryptionKey = Convert.ToHexString(message.EncryptionPublicKey);
        var maskingKey = Convert.ToHexString(message.MaskingPublicKey);
        if (encryptionKey == maskingKey || _publicKeysInUse.Contains(encryptionKey) || _publicKeysInUse.Contains(maskingKey))
            return new MalformedMessage(message.Round, message.Sender, "advertises a public key that is already in use");
        if (!X25519KeyPair.IsUsablePublicKey(message.EncryptionPublicKey) || !X25519KeyPair.IsUsablePublicKey(message.MaskingPublicKey))
            return new MalformedMessage(message.Round, message.Sender, "advertises a low-order X25519 public key");
        if (_parameters.Mode == SecurityMode.Active)
        {
            var payload = SignedPayloads.AdvertisedKeys(Session, message.Sender, message.EncryptionPublicKey, message.MaskingPublicKey);
            if (!_directory!.TryGet(message.Sender, out var key) || !SigningKeyPair.Verify(key, payload, message.Signature))
                return new InvalidSignature(message.Round, message.Sender);
        }
        return null;
    }

    private ProtocolError? CheckShareKeys(ShareKeys message, bool journalled)
    {
        if (_shares.ContainsKey(message.Sender))
            return new DuplicateMessage(message.Round, message.Sender);
        // Without the commitment a corrupted share of b could go unnoticed: only the journal of an older server lacks it.
        if (message.SelfMaskCommitment is null && !journalled)
            return new MalformedMessage(message.Round, message.Sender, "a field is missing (null): the commitment to b");
        if (message.SelfMaskCommitment is { Length: not SeedCommitment.Size } wrong)
            return new WrongLength(message.Round, message.Sender, "self-mask commitment", SeedCommitment.Size, wrong.Length);
        var expectedRecipients = ExpectedShareRecipients(message.Sender);
        if (message.Shares.Count != expectedRecipients.Count)
            return new WrongLength(message.Round, message.Sender, "encrypted shares", expectedRecipients.Count, message.Shares.Count);
        var seen = new HashSet<int>();
        foreach (var share in message.Shares)
        {
            if (!expectedRecipients.Contains(share.Recipient) || !seen.Add(share.Recipient))
                return new MalformedMessage(message.Round, message.Sender, $"a share for client {share.Recipient}, who is not an unserved neighbour in U1");
            if (share.Ciphertext.Length != ShareEnvelope.CiphertextSize)
                return new WrongLength(message.Round, message.Sender, $"ciphertext for client {share.Recipient}", ShareEnvelope.CiphertextSize, share.Ciphertext.Length);
        }
        return null;
    }

    private HashSet<int> ExpectedShareRecipients(int sender)
    {
        var u1 = _survivors[0];
        var recipients = new HashSet<int>();
        foreach (var v in _graph.ClosedNeighbourhood(sender))
        {
            if (v != sender && Array.BinarySearch(u1, v) >= 0)
                recipients.Add(v);
        }
        return recipients;
    }

    private ProtocolError? CheckMaskedInput(MaskedInput message)
    {
        if (_maskedInputSenders.Contains(message.Sender))
            return new DuplicateMessage(message.Round, message.Sender);
        if (message.Vector.Length != _parameters.VectorLength)
            return new WrongLength(message.Round, message.Sender, "masked input", _parameters.VectorLength, message.Vector.Length);
        var mask = _parameters.WordMask;
        for (var i = 0; i < message.Vector.Length; i++)
        {
            if (message.Vector[i] > mask)
                return new MalformedMessage(message.Round, message.Sender, $"word {i} of the masked input is not below R = 2^{_parameters.Bits}");
        }
        return null;
    }

    private ProtocolError? CheckConsistencySignature(ConsistencySignature message)
    {
        if (_signatures.ContainsKey(message.Sender))
            return new DuplicateMessage(message.Round, message.Sender);
        if (message.Signature.Length != SigningKeyPair.SignatureSize)
            return new WrongLength(message.Round, message.Sender, "signature", SigningKeyPair.SignatureSize, message.Signature.Length);
        if (!_directory!.TryGet(message.Sender, out var key) || !SigningKeyPair.Verify(key, _signedSurvivorsPayload!, message.Signature))
            return new InvalidSignature(message.Round, message.Sender);
        return null;
    }

    private ProtocolError? CheckUnmaskResponse(UnmaskResponse message)
    {
        if (_unmaskResponses.ContainsKey(message.Sender))
            return new DuplicateMessage(message.Round, message.Sender);
        var request = _unmaskRequests[message.Sender];
        var error = CheckRevealedShares(message, message.SelfMaskShares, request.Survivors, "self-mask shares")
            ?? CheckRevealedShares(message, message.MaskingKeyShares, request.Dropped, "masking-key shares");
        if (error is not null)
            return error;
        return null;
    }

    private static ProtocolError? CheckRevealedShares(UnmaskResponse message, IReadOnlyList<RevealedShare> shares, int[] requested, string field)
    {
        if (shares.Count != requested.Length)
            return new WrongLength(message.Round, message.Sender, field, requested.Length, shares.Count);
        for (var i = 0; i < shares.Count; i++)
        {
            if (shares[i].Owner != requested[i])
                return new MalformedMessage(message.Round, message.Sender, $"{field}: share {i} is for client {shares[i].Owner}, requested {requested[i]}");
            if (shares[i].Share.Length != ShamirSecretSharing.ChunksPerSecret)
                return new WrongLength(message.Round, message.Sender, $"{field} of client {shares[i].Owner}", ShamirSecretSharing.ChunksPerSecret, shares[i].Share.Length);
            foreach (var element in shares[i].Share)
            {
                if (element >= MersenneField.Prime)
                    return new MalformedMessage(message.Round, message.Sender, $"{field} of client {shares[i].Owner} holds a value outside the field");
            }
        }
        return null;
    }

    private ServerStep CloseAdvertiseKeys()
    {
        var u1 = _advertised.Keys.ToArray();
        if (Advance(ProtocolRound.AdvertiseKeys, u1) is { } abort)
            return abort;
        var messages = new List<IServerMessage>(u1.Length);
        IReadOnlyList<AdvertiseKeys>? everyone = _graph.IsComplete ? _advertised.Values.ToArray() : null;
        foreach (var u in u1)
        {
            var keys = everyone ?? _graph.ClosedNeighbourhood(u).Where(_advertised.ContainsKey).Select(v => _advertised[v]).ToArray();
            messages.Add(new KeysAdvertised(Session, u, keys));
        }
        Phase = ServerPhase.ShareKeys;
        return ServerStep.Send(messages);
    }

    private ServerStep CloseShareKeys()
    {
        var u2 = _shares.Keys.ToArray();
        if (Advance(ProtocolRound.ShareKeys, u2) is { } abort)
            return abort;
        var inbox = u2.ToDictionary(v => v, _ => new List<ForwardedShare>());
        foreach (var (sender, message) in _shares)
        {
            foreach (var share in message.Shares)
            {
                if (inbox.TryGetValue(share.Recipient, out var list))
                    list.Add(new ForwardedShare(sender, share.Ciphertext));
            }
        }
        var messages = u2.Select(v => (IServerMessage)new SharesForwarded(Session, v, inbox[v])).ToList();
        _shares.Clear(); // forwarded: the server has no further use for the n² ciphertexts
        Phase = ServerPhase.MaskedInputCollection;
        return ServerStep.Send(messages);
    }

    private ServerStep CloseMaskedInputCollection()
    {
        var u3 = _maskedInputSenders.ToArray();
        if (Advance(ProtocolRound.MaskedInputCollection, u3) is { } abort)
            return abort;
        if (_parameters.Mode == SecurityMode.Active)
        {
            _signedSurvivorsPayload = SignedPayloads.MaskedInputSenders(Session, u3);
            Phase = ServerPhase.ConsistencyCheck;
            return ServerStep.Send(u3.Select(u => (IServerMessage)new ConsistencyCheckRequest(Session, u, u3)).ToList());
        }
        _survivors.Add(u3); // U4 = U3: semi-honest mode has no ConsistencyCheck round.
        return RequestUnmasking(u3, new Dictionary<int, byte[]>());
    }

    private ServerStep CloseConsistencyCheck()
    {
        var u4 = _signatures.Keys.ToArray();
        if (Advance(ProtocolRound.ConsistencyCheck, u4) is { } abort)
            return abort;
        return RequestUnmasking(u4, _signatures);
    }

    private ServerStep RequestUnmasking(int[] recipients, IReadOnlyDictionary<int, byte[]> signatures)
    {
        var u2 = _survivors[1];
        var u3 = _survivors[2];
        var dropped = u2.Except(u3).ToArray();
        var messages = new List<IServerMessage>(recipients.Length);
        foreach (var u in recipients)
        {
            var survivors = u3.Where(v => _graph.InClosedNeighbourhood(u, v)).ToArray();
            var droppedHere = dropped.Where(v => _graph.InClosedNeighbourhood(u, v)).ToArray();
            var forwarded = signatures.Where(s => _graph.InClosedNeighbourhood(u, s.Key)).Select(s => new SurvivorSignature(s.Key, s.Value)).ToArray();
            var request = new UnmaskRequest(Session, u, survivors, droppedHere, forwarded);
            _unmaskRequests[u] = request;
            messages.Add(request);
        }
        Phase = ServerPhase.Unmasking;
        return ServerStep.Send(messages);
    }

    private ServerStep CloseUnmasking()
    {
        var u5 = _unmaskResponses.Keys.ToArray();
        _survivors.Add(u5);
        var u2 = _survivors[1];
        var u3 = _survivors[2];
        var dropped = u2.Except(u3).ToArray();

        // Which responder revealed which share: holders of v are the responders in v's closed neighbourhood.
        var selfMaskShares = u3.ToDictionary(v => v, _ => new List<(int Holder, ulong[] Share)>());
        var maskingKeyShares = dropped.ToDictionary(v => v, _ => new List<(int Holder, ulong[] Share)>());
        foreach (var (holder, response) in _unmaskResponses)
        {
            foreach (var share in response.SelfMaskShares)
                selfMaskShares[share.Owner].Add((holder, share.Share));
            foreach (var share in response.MaskingKeyShares)
                maskingKeyShares[share.Owner].Add((holder, share.Share));
        }
        foreach (var (owner, list) in selfMaskShares.Concat(maskingKeyShares))
        {
            if (list.Count < _parameters.Threshold)
                return Abort(new TooFewSurvivors(ProtocolRound.Unmasking, list.Count, _parameters.Threshold, _graph.IsComplete ? null : owner));
        }

        // Every secret must match what its owner published before it may touch the sum; see SecretReconstruction.
        var reconstruction = new SecretReconstruction(_parameters.Threshold);
        var selfMaskSeeds = new byte[u3.Length][];
        var maskingKeys = new Dictionary<int, byte[]>(dropped.Length);
        ServerStep AbortWiping(ProtocolError error)
        {
            foreach (var secret in selfMaskSeeds.Where(seed => seed is not null).Concat(maskingKeys.Values))
                CryptographicOperations.ZeroMemory(secret);
            DiscardedShares = reconstruction.Discarded;
            return Abort(error);
        }

        for (var i = 0; i < u3.Length; i++)
        {
            var v = u3[i];
            var shares = selfMaskShares[v];
            var committed = _selfMaskCommitments.TryGetValue(v, out var commitment);
            var seed = committed
                ? reconstruction.Reconstruct(v, SharedSecret.SelfMaskSeed, shares, candidate => SeedCommitment.Matches(commitment, Session, v, candidate))
                : reconstruction.ReconstructUnverified(shares);
            if (seed is null)
                return AbortWiping(committed
                    ? new UnverifiedReconstruction(v, SharedSecret.SelfMaskSeed, shares.Count, _parameters.Threshold)
                    : new ReconstructionFailed(v, "self-mask seed b"));
            selfMaskSeeds[i] = seed;
        }
        foreach (var v in dropped)
        {
            var shares = maskingKeyShares[v];
            if (reconstruction.Reconstruct(v, SharedSecret.MaskingKey, shares, key => IsAdvertisedMaskingKey(v, key)) is not { } key)
                return AbortWiping(new UnverifiedReconstruction(v, SharedSecret.MaskingKey, shares.Count, _parameters.Threshold));
            maskingKeys[v] = key;
        }
        DiscardedShares = reconstruction.Discarded;

        // Mask removal: −PRG(b_u) for every survivor; for every (dropped v, surviving neighbour u) the term y_u still
        // carries: +PRG(s_uv) if v < u, −PRG(s_uv) if v > u. The work is spread over the cores.
        var jobs = new List<(int Dropped, int Survivor)>();
        foreach (var v in dropped)
        {
            foreach (var u in _graph.ClosedNeighbourhood(v))
            {
                if (u != v && Array.BinarySearch(u3, u) >= 0)
                    jobs.Add((v, u));
            }
        }
        MasksRegenerated = selfMaskSeeds.Length + jobs.Count;
        var total = _maskedSum;
        var gate = new Lock();
        var partitions = Math.Max(1, Math.Min(Environment.ProcessorCount, selfMaskSeeds.Length + jobs.Count));
        Parallel.For(0, partitions, partition =>
        {
            var local = ModularAccumulator.Create(_parameters.Bits, _parameters.VectorLength);
            Span<byte> seed = stackalloc byte[KeyAgreement.DerivedKeySize];
            for (var i = partition; i < selfMaskSeeds.Length; i += partitions)
                local.AddMask(selfMaskSeeds[i], subtract: true);
            for (var j = partition; j < jobs.Count; j += partitions)
            {
                var (v, u) = jobs[j];
                KeyAgreement.TryDerive(maskingKeys[v], _advertised[u].MaskingPublicKey, KeyPurpose.PairwiseMaskSeed, Session, v, u, seed);
                local.AddMask(seed, subtract: v < u);
            }
            lock (gate)
                total.AddFrom(local);
        });

        foreach (var secret in selfMaskSeeds.Concat(maskingKeys.Values))
            CryptographicOperations.ZeroMemory(secret);
        Aggregate = total.ToVector();
        Phase = ServerPhase.Completed;
        return ServerStep.Completed(Aggregate);
    }

    // s_pk = X25519(s_sk, 9) pins s_sk down to its clamped scalar, the only part any agreement uses: a wrong share that
    // moves only the clamped-away bits gives an equivalent key (harmless, and not reported).
    private bool IsAdvertisedMaskingKey(int client, byte[] privateKey)
    {
        var derived = X25519KeyPair.FromPrivateKey(privateKey);
        CryptographicOperations.ZeroMemory(derived.PrivateKey);
        return CryptographicOperations.FixedTimeEquals(derived.PublicKey, _advertised[client].MaskingPublicKey);
    }

    // Fixes U_i and checks the threshold: overall for SecAgg, within every survivor's neighbourhood for SecAgg+.
    private ServerStep? Advance(ProtocolRound round, int[] survivors)
    {
        _survivors.Add(survivors);
        if (CheckSurvivors(round, survivors) is { } error)
            return Abort(error);
        // On a sparse graph, masks only cancel across edges: if U3 falls apart, each piece's sum would be exposed.
        if (round == ProtocolRound.MaskedInputCollection && _graph.ComponentCount(survivors) is var pieces and > 1)
            return Abort(new DisconnectedSurvivors(round, survivors.Length, pieces));
        _expected = [.. survivors];
        return null;
    }

    private TooFewSurvivors? CheckSurvivors(ProtocolRound round, int[] survivors)
    {
        var t = _parameters.Threshold;
        if (_graph.IsComplete)
            return survivors.Length < t ? new TooFewSurvivors(round, survivors.Length, t) : null;
        if (survivors.Length == 0)
            return new TooFewSurvivors(round, 0, t);
        var alive = new bool[_parameters.ClientCount + 1];
        foreach (var u in survivors)
            alive[u] = true;
        foreach (var u in survivors)
        {
            var count = _graph.ClosedNeighbourhood(u).Count(v => alive[v]);
            if (count < t)
                return new TooFewSurvivors(round, count, t, u);
        }
        return null;
    }

    private ServerStep Abort(ProtocolError error)
    {
        AbortReason = error;
        Phase = ServerPhase.Aborted;
        return ServerStep.Aborted(error);
    }
}
