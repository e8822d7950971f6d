using BenchmarkDotNet.Attributes;
using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Benchmarks;

/// <summary>
/// The per-pair public-key and symmetric operations of a round: X25519 key generation, X25519 + HKDF-SHA256 key
/// derivation, AES-256-GCM encryption (and decryption) of one 88-byte share plaintext, and Ed25519 signing and
/// verification of the AdvertiseKeys payload. The X25519 backend (OpenSSL or BouncyCastle) is printed at setup.
/// </summary>
[MemoryDiagnoser]
public class KeyAgreementBenchmarks
{
    private const int PlaintextSize = 88;

    private readonly SessionId _session = new(new Guid("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    private X25519KeyPair? _self;
    private X25519KeyPair? _peer;
    private byte[] _aeadKey = [];
    private byte[] _plaintext = [];
    private byte[] _associatedData = [];
    private byte[] _sealed = [];
    private byte[] _opened = [];
    private SigningKeyPair? _signer;
    private byte[] _message = [];
    private byte[] _signature = [];

    [GlobalSetup]
    public void Setup()
    {
        Console.WriteLine($"// X25519 backend: {X25519KeyPair.Backend}");
        var random = new Random(1);
        _self = X25519KeyPair.Generate();
        _peer = X25519KeyPair.Generate();
        _aeadKey = new byte[AuthenticatedEncryption.KeySize];
        random.NextBytes(_aeadKey);
        _plaintext = new byte[PlaintextSize];
        random.NextBytes(_plaintext);
        _associatedData = ShareAssociatedData.Create(_session, (int)ProtocolRound.ShareKeys, 1, 2);
        _sealed = AuthenticatedEncryption.Encrypt(_aeadKey, _plaintext, _associatedData);
        _opened = new byte[PlaintextSize];
        _signer = SigningKeyPair.Generate();
        _message = SignedPayloads.AdvertisedKeys(_session, 1, _self.PublicKey, _peer.PublicKey);
        _signature = _signer.Sign(_message);

        var forward = KeyAgreement.Derive(_self.PrivateKey, _peer.PublicKey, KeyPurpose.PairwiseMaskSeed, _session, 1, 2);
        var backward = KeyAgreement.Derive(_peer.PrivateKey, _self.PublicKey, KeyPurpose.PairwiseMaskSeed, _session, 2, 1);
        if (!forward.AsSpan().SequenceEqual(backward)
            || !AuthenticatedEncryption.TryDecrypt(_aeadKey, _sealed, _associatedData, _opened) || !_opened.AsSpan().SequenceEqual(_plaintext)
            || !SigningKeyPair.Verify(_signer.PublicKey, _message, _signature))
            throw new InvalidOperationException("Setup: a primitive failed its round trip.");
    }

    [Benchmark(Description = "X25519KeyPair.Generate")]
    public X25519KeyPair GenerateX25519() => X25519KeyPair.Generate();

    [Benchmark(Description = "KeyAgreement.Derive (X25519+HKDF)")]
    public byte[] Derive() => KeyAgreement.Derive(_self!.PrivateKey, _peer!.PublicKey, KeyPurpose.PairwiseMaskSeed, _session, 1, 2);

    [Benchmark(Description = "AES-GCM Encrypt 88 B")]
    public byte[] Encrypt() => AuthenticatedEncryption.Encrypt(_aeadKey, _plaintext, _associatedData);

    [Benchmark(Description = "AES-GCM TryDecrypt 88 B")]
    public bool Decrypt()
    {
        if (!AuthenticatedEncryption.TryDecrypt(_aeadKey, _sealed, _associatedData, _opened))
            throw new InvalidOperationException("TryDecrypt failed.");
        return true;
    }

    [Benchmark(Description = "Ed25519 Sign")]
    public byte[] Sign() => _signer!.Sign(_message);

    [Benchmark(Description = "Ed25519 Verify")]
    public bool Verify()
    {
        if (!SigningKeyPair.Verify(_signer!.PublicKey, _message, _signature))
            throw new InvalidOperationException("Verify failed.");
        return true;
    }
}
