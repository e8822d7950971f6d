using System.Security.Cryptography;
using SecureAgg.Crypto;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Protocol;

public enum ClientPhase
{
    NotStarted,
    AwaitingKeys,
    AwaitingShares,
    AwaitingConsistencyCheck,
    AwaitingUnmaskRequest,
    Done,
    Aborted,
}

/// <summary>
/// One client's side of one aggregation (Bonawitz et al., Fig. 4), as a pure state machine. Every incoming message is
/// checked in full before anything is derived, sent or revealed; a request that could expose a client's input is
/// refused and ends the session.
/// </summary>
public sealed class ClientSession
{
    private readonly ProtocolParameters _parameters;
    private readonly NeighbourGraph _graph;
    private readonly SigningKeyPair? _identity;
    private readonly IdentityDirectory? _directory;
    private readonly X25519KeyPair _encryptionKeys = X25519KeyPair.Generate();
    private readonly X25519KeyPair _maskingKeys = X25519KeyPair.Generate();
    private readonly byte[] _selfMaskSeed = RandomNumberGenerator.GetBytes(MaskPrg.SeedSize);

    private ulong[]? _input;
    private Dictionary<int, AdvertiseKeys> _advertisedKeys = [];
    private Dictionary<int, byte[]> _shareEncryptionKeys = [];
    private Dictionary<int, byte[]> _receivedShares = [];
    private ulong[]? _ownMaskingKeyShare;
    private ulong[]? _ownSelfMaskShare;
    private int[]? _signedSurvivors;

    public ClientSession(ProtocolParameters parameters, SessionId session, int id, NeighbourGraph graph, ulong[] input,
        SigningKeyPair? identity = null, IdentityDirectory? directory = null)
    {
        if (id < 1 || id > parameters.ClientCount)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Client ids run from 1 to {parameters.ClientCount}.");
        if (graph.ClientCount != parameters.ClientCount)
            throw new ArgumentException("The neighbour graph is for a different client count.", nameof(graph));
        if (input.Length != parameters.VectorLength)
            throw new ArgumentException($"The input has {input.Length} words, the session expects m = {parameters.VectorLength}.", nameof(input));
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] > parameters.WordMask)
                throw new ArgumentException($"Input word {i} = {input[i]} is not below R = 2^{parameters.Bits}.", nameof(input));
        }
        if (parameters.Mode == SecurityMode.Active && (identity is null || directory is null))
            throw new ArgumentException("Active mode needs the client's signing key and the identity directory.");

        _parameters = parameters;
        Session = session;
        Id = id;
        _graph = graph;
        _input = input;
        _identity = identity;
        _directory = directory;
    }

    public SessionId Session { get; }
    public int Id { get; }
    public ClientPhase Phase { get; private set; } = ClientPhase.NotStarted;

    /// <summary>Round 0: advertise (c_pk, s_pk), signed in active mode.</summary>
    public AdvertiseKeys Start()
    {
        if (Phase != ClientPhase.NotStarted)
            throw new InvalidOperationException($"Client {Id} has already started (phase {Phase}).");
        byte[]? signature = null;
        if (_parameters.Mode == SecurityMode.Active)
            signature = _identity!.Sign(SignedPayloads.AdvertisedKeys(Session, Id, _encryptionKeys.PublicKey, _maskingKeys.PublicKey));
        Phase = ClientPhase.AwaitingKeys;
        return new AdvertiseKeys(Session, Id, _encryptionKeys.PublicKey, _maskingKeys.PublicKey, signature);
    }

    public ClientStep Handle(IServerMessage message)
    {
        if (message.Session != Session)
            return ClientStep.Reject(new WrongSession(message.GetType().Name, Session, message.Session));
        if (message.Recipient != Id)
            return ClientStep.Reject(new MalformedMessage(message.Round, Id, $"addressed to client {message.Recipient}"));
        if (MessageShape.HasMissingParts(message))
            return ClientStep.Reject(new MalformedMessage(message.Round, Id, "a field is missing (null)"));
        return (message, Phase) switch
        {
            (KeysAdvertised keys, ClientPhase.AwaitingKeys) => OnKeysAdvertised(keys),
            (SharesForwarded shares, ClientPhase.AwaitingShares) => OnSharesForwarded(shares),
            (ConsistencyCheckRequest check, ClientPhase.AwaitingConsistencyCheck) => OnConsistencyCheck(check),
            (UnmaskRequest request, ClientPhase.AwaitingUnmaskRequest) => OnUnmaskRequest(request),
            _ => ClientStep.Reject(new WrongRound(message.GetType().Name, Phase.ToString())),
        };
    }

    // Round 1: check the advertised keys, share s_sk and b_u among U1, encrypt each pair of shares for its holder.
    private ClientStep OnKeysAdvertised(KeysAdvertised message)
    {
        var round = ProtocolRound.AdvertiseKeys;
        var keys = new Dictionary<int, AdvertiseKeys>(message.Keys.Count);
        var distinctKeys = new HashSet<string>();
        foreach (var entry in message.Keys)
        {
            if (entry.Session != Session || !_graph.InClosedNeighbourhood(Id, entry.Sender))
                return Refuse(round, $"keys of client {entry.Sender} are not from this session's neighbourhood");
            if (!keys.TryAdd(entry.Sender, entry))
                return Refuse(round, $"client {entry.Sender} is listed twice");
            if (entry.EncryptionPublicKey.Length != X25519KeyPair.KeySize || entry.MaskingPublicKey.Length != X25519KeyPair.KeySize)
                return Refuse(round, $"client {entry.Sender}'s public keys are not {X25519KeyPair.KeySize} bytes");
            if (!distinctKeys.Add(Convert.ToHexString(entry.EncryptionPublicKey)) || !distinctKeys.Add(Convert.ToHexString(entry.MaskingPublicKey)))
                return Refuse(round, $"client {entry.Sender} advertises a public key that is already in use");
            if (_parameters.Mode == SecurityMode.Active)
            {
                var payload = SignedPayloads.AdvertisedKeys(Session, entry.Sender, entry.EncryptionPublicKey, entry.MaskingPublicKey);
                if (!_directory!.TryGet(entry.Sender, out var verificationKey) || !SigningKeyPair.Verify(verificationKey, payload, entry.Signature))
                    return Abort(new InvalidSignature(round, entry.Sender));
            }
        }
        if (!keys.TryGetValue(Id, out var own)
            || !own.EncryptionPublicKey.AsSpan().SequenceEqual(_encryptionKeys.PublicKey)
            || !own.MaskingPublicKey.AsSpan().SequenceEqual(_maskingKeys.PublicKey))
            return Refuse(round, "the list does not carry this client's own keys unchanged");
        if (keys.Count < _parameters.Threshold)
            return Refuse(round, $"only {keys.Count} clients in U1, below the threshold t = {_parameters.Threshold}");

        var holders = keys.Keys.Order().ToArray();
        var encryptionKeys = new Dictionary<int, byte[]>(holders.Length);
        foreach (var peer in holders)
        {
            if (peer == Id)
                continue;
            var key = new byte[KeyAgreement.DerivedKeySize];
            if (!KeyAgreement.TryDerive(_encryptionKeys.PrivateKey, keys[peer].EncryptionPublicKey, KeyPurpose.ShareEncryption, Session, Id, peer, key))
            {
                foreach (var derived in encryptionKeys.Values)
                    CryptographicOperations.ZeroMemory(derived);
                return Refuse(round, $"client {peer}'s encryption key is a low-order point");
            }
            encryptionKeys[peer] = key;
        }

        var maskingKeyShares = ShamirSecretSharing.Split(_maskingKeys.PrivateKey, _parameters.Threshold, holders);
        var selfMaskShares = ShamirSecretSharing.Split(_selfMaskSeed, _parameters.Threshold, holders);
        var ciphertexts = new List<EncryptedShare>(holders.Length - 1);
        for (var i = 0; i < holders.Length; i++)
        {
            var holder = holders[i];
            if (holder == Id)
            {
                _ownMaskingKeyShare = maskingKeyShares[i];
                _ownSelfMaskShare = selfMaskShares[i];
                continue;
            }
            var plaintext = ShareEnvelope.Encode(Id, holder, maskingKeyShares[i], selfMaskShares[i]);
            var associatedData = ShareAssociatedData.Create(Session, (int)ProtocolRound.ShareKeys, Id, holder);
            ciphertexts.Add(new EncryptedShare(holder, AuthenticatedEncryption.Encrypt(encryptionKeys[holder], plaintext, associatedData)));
            CryptographicOperations.ZeroMemory(plaintext);
            Array.Clear(maskingKeyShares[i]);
            Array.Clear(selfMaskShares[i]);
        }
        // c_sk has done its work: the share keys are derived.
        CryptographicOperations.ZeroMemory(_encryptionKeys.PrivateKey);

        _advertisedKeys = keys;
        _shareEncryptionKeys = encryptionKeys;
        Phase = ClientPhase.AwaitingShares;
        return ClientStep.Send(new ShareKeys(Session, Id, ciphertexts, SeedCommitment.Create(Session, Id, _selfMaskSeed)));
    }

    // Round 2: the senders of the forwarded ciphertexts (and this client) are U2; mask the input against them.
    private ClientStep OnSharesForwarded(SharesForwarded message)
    {
        var round = ProtocolRound.ShareKeys;
        var received = new Dictionary<int, byte[]>(message.Shares.Count);
        foreach (var share in message.Shares)
        {
            if (share.Sender == Id || !_advertisedKeys.ContainsKey(share.Sender))
                return Refuse(round, $"a ciphertext from client {share.Sender}, who is not another member of this client's U1");
            if (share.Ciphertext.Length != ShareEnvelope.CiphertextSize)
                return Refuse(round, $"the ciphertext from client {share.Sender} has {share.Ciphertext.Length} bytes, expected {ShareEnvelope.CiphertextSize}");
            if (!received.TryAdd(share.Sender, share.Ciphertext))
                return Refuse(round, $"two ciphertexts from client {share.Sender}");
        }
        if (received.Count + 1 < _parameters.Threshold)
            return Refuse(round, $"only {received.Count + 1} clients in U2, below the threshold t = {_parameters.Threshold}");

        var sum = ModularAccumulator.Create(_parameters.Bits, _parameters.VectorLength);
        sum.Add(_input!);
        sum.AddMask(_selfMaskSeed, subtract: false);
        Span<byte> seed = stackalloc byte[KeyAgreement.DerivedKeySize];
        foreach (var peer in received.Keys)
        {
            if (!KeyAgreement.TryDerive(_maskingKeys.PrivateKey, _advertisedKeys[peer].MaskingPublicKey, KeyPurpose.PairwiseMaskSeed, Session, Id, peer, seed))
                return Refuse(round, $"client {peer}'s masking key is a low-order point");
            // y_u = x_u + PRG(b_u) + Σ_{v<u} PRG(s_uv) − Σ_{v>u} PRG(s_uv): the pair's two terms cancel in the sum.
            sum.AddMask(seed, subtract: peer > Id);
        }
        CryptographicOperations.ZeroMemory(seed);

        _receivedShares = received;
        _input = null;
        // Masked and shared: the client no longer needs s_sk or b_u themselves, only its own shares of them.
        CryptographicOperations.ZeroMemory(_maskingKeys.PrivateKey);
        CryptographicOperations.ZeroMemory(_selfMaskSeed);
        Phase = _parameters.Mode == SecurityMode.Active ? ClientPhase.AwaitingConsistencyCheck : ClientPhase.AwaitingUnmaskRequest;
        return ClientStep.Send(new MaskedInput(Session, Id, sum.ToVector()));
    }

    // Round 3 (active): sign U3 only if it is consistent with what this client saw.
    private ClientStep OnConsistencyCheck(ConsistencyCheckRequest message)
    {
        var round = ProtocolRound.ConsistencyCheck;
        var survivors = message.MaskedInputSenders;
        if (!IsStrictlyAscending(survivors))
            return Refuse(round, "U3 is not a strictly ascending list of client ids");
        if (Array.BinarySearch(survivors, Id) < 0)
            return Refuse(round, "U3 leaves out this client, which sent its masked input");
        var local = 0;
        foreach (var v in survivors)
        {
            if (!_graph.InClosedNeighbourhood(Id, v))
                continue;
            if (v != Id && !_receivedShares.ContainsKey(v))
                return Refuse(round, $"U3 names client {v}, which is not in this client's U2");
            local++;
        }
        if (local < _parameters.Threshold)
            return Refuse(round, $"|U3| = {local} within this client's neighbourhood, below the threshold t = {_parameters.Threshold}");
        if (_graph.ComponentCount(survivors) > 1)
            return Refuse(round, "U3 is not connected in the neighbour graph, so partial sums would be exposed");

        _signedSurvivors = survivors;
        Phase = ClientPhase.AwaitingUnmaskRequest;
        return ClientStep.Send(new ConsistencySignature(Session, Id, _identity!.Sign(SignedPayloads.MaskedInputSenders(Session, survivors))));
    }

    // Round 4: never reveal both secrets of one client; reveal b-shares of survivors and s_sk-shares of the dropped.
    private ClientStep OnUnmaskRequest(UnmaskRequest message)
    {
        var round = ProtocolRound.Unmasking;
        if (!IsStrictlyAscending(message.Survivors) || !IsStrictlyAscending(message.Dropped))
            return Refuse(round, "the survivor and dropped lists must be strictly ascending client ids");
        foreach (var v in message.Dropped)
        {
            if (Array.BinarySearch(message.Survivors, v) >= 0)
                return Refuse(round, $"client {v} is named both as a survivor and as dropped");
        }
        foreach (var v in message.Survivors.Concat(message.Dropped))
        {
            if (v != Id && !_receivedShares.ContainsKey(v))
                return Refuse(round, $"client {v} is not in this client's U2 (U3 ⊄ U2)");
        }
        if (Array.BinarySearch(message.Dropped, Id) >= 0 || Array.BinarySearch(message.Survivors, Id) < 0)
            return Refuse(round, "the request names this client as dropped although it sent its masked input");
        if (message.Survivors.Length < _parameters.Threshold)
            return Refuse(round, $"|U3| = {message.Survivors.Length}, below the threshold t = {_parameters.Threshold}");

        if (_parameters.Mode == SecurityMode.Active)
        {
            var error = CheckConsistencySignatures(message);
            if (error is not null)
                return Abort(error);
        }

        var selfMaskShares = new List<RevealedShare>(message.Survivors.Length);
        var maskingKeyShares = new List<RevealedShare>(message.Dropped.Length);
        foreach (var (owners, revealSelfMask) in new[] { (message.Survivors, true), (message.Dropped, false) })
        {
            foreach (var owner in owners)
            {
                ulong[] maskingKeyShare, selfMaskShare;
                if (owner == Id)
                {
                    // Copies: the originals are wiped when the session forgets its secrets.
                    (maskingKeyShare, selfMaskShare) = (_ownMaskingKeyShare!.ToArray(), _ownSelfMaskShare!.ToArray());
                }
                else
                {
                    var plaintext = new byte[ShareEnvelope.Size];
                    var associatedData = ShareAssociatedData.Create(Session, (int)ProtocolRound.ShareKeys, owner, Id);
                    if (!AuthenticatedEncryption.TryDecrypt(_shareEncryptionKeys[owner], _receivedShares[owner], associatedData, plaintext))
                        return Abort(new DecryptionFailed(owner));
                    var envelope = ShareEnvelope.Decode(plaintext);
                    CryptographicOperations.ZeroMemory(plaintext);
                    if (envelope.Owner != owner || envelope.Holder != Id)
                        return Abort(new DecryptionFailed(owner));
                    (maskingKeyShare, selfMaskShare) = (envelope.MaskingKeyShare, envelope.SelfMaskShare);
                }
                if (revealSelfMask)
                    selfMaskShares.Add(new RevealedShare(owner, selfMaskShare));
                else
                    maskingKeyShares.Add(new RevealedShare(owner, maskingKeyShare));
            }
        }

        Phase = ClientPhase.Done;
        ForgetSecrets();
        return ClientStep.Send(new UnmaskResponse(Session, Id, selfMaskShares, maskingKeyShares));
    }

    private ProtocolError? CheckConsistencySignatures(UnmaskRequest message)
    {
        var round = ProtocolRound.ConsistencyCheck;
        var signed = _signedSurvivors!;
        var expectedSurvivors = signed.Where(v => _graph.InClosedNeighbourhood(Id, v)).ToArray();
        if (!expectedSurvivors.AsSpan().SequenceEqual(message.Survivors))
            return new RequestRefused(ProtocolRound.Unmasking, "the survivors differ from the U3 this client signed");
        var payload = SignedPayloads.MaskedInputSenders(Session, signed);
        var signers = new HashSet<int>();
        foreach (var signature in message.Signatures)
        {
            if (!signers.Add(signature.Signer) || Array.BinarySearch(signed, signature.Signer) < 0 || !_graph.InClosedNeighbourhood(Id, signature.Signer))
                return new RequestRefused(ProtocolRound.Unmasking, $"signature of client {signature.Signer} is duplicated or not from a neighbour in U3");
            if (!_directory!.TryGet(signature.Signer, out var key) || !SigningKeyPair.Verify(key, payload, signature.Signature))
                return new InvalidSignature(round, signature.Signer);
        }
        if (signers.Count < _parameters.Threshold)
            return new RequestRefused(ProtocolRound.Unmasking, $"only {signers.Count} valid U3 signatures, below the threshold t = {_parameters.Threshold}");
        return null;
    }

    private ClientStep Refuse(ProtocolRound round, string reason) => Abort(new RequestRefused(round, reason));

    private ClientStep Abort(ProtocolError error)
    {
        Phase = ClientPhase.Aborted;
        ForgetSecrets();
        return ClientStep.Abort(error);
    }

    private void ForgetSecrets()
    {
        CryptographicOperations.ZeroMemory(_selfMaskSeed);
        CryptographicOperations.ZeroMemory(_maskingKeys.PrivateKey);
        CryptographicOperations.ZeroMemory(_encryptionKeys.PrivateKey);
        foreach (var key in _shareEncryptionKeys.Values)
            CryptographicOperations.ZeroMemory(key);
        if (_ownMaskingKeyShare is not null)
            Array.Clear(_ownMaskingKeyShare);
        if (_ownSelfMaskShare is not null)
            Array.Clear(_ownSelfMaskShare);
        _input = null;
    }

    private static bool IsStrictlyAscending(int[] ids)
    {
        for (var i = 1; i < ids.Length; i++)
        {
            if (ids[i] <= ids[i - 1])
                return false;
        }
        return true;
    }
}
