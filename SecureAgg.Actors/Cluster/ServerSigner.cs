using System.Security.Cryptography;
using SecureAgg.Crypto;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The server's side of its long-term identity: signs every control message for one recipient, and checks a client's
/// registration proof. The incarnation is a fresh random nonce per coordinator start: clients learn it from a signed
/// challenge that echoes their own nonce, and ignore control messages of any other run, so a message recorded in an
/// earlier run (a ServerFinished, an assignment) cannot be played back.
/// </summary>
public sealed class ServerSigner
{
    public const int IncarnationSize = 16;

    private readonly SigningKeyPair _key;

    public ServerSigner(SigningKeyPair key, string server, byte[] incarnation)
    {
        _key = key;
        Server = server;
        Incarnation = incarnation;
    }

    public string Server { get; }

    public byte[] Incarnation { get; }

    public byte[] PublicKey => _key.PublicKey;

    /// <summary>A signer for a new run of the server <paramref name="server"/>.</summary>
    public static ServerSigner Start(SigningKeyPair key, string server) => new(key, server, RandomNumberGenerator.GetBytes(IncarnationSize));

    /// <summary>The session a control message is bound to; default for messages outside a session.</summary>
    public static SessionId SessionOf(IClusterSessionMessage message) => message switch
    {
        SessionAssignment assignment => assignment.Session,
        SessionEnded ended => ended.Session,
        _ => default,
    };

    public SignedControl Seal(IClusterSessionMessage message, string recipient)
    {
        var manifest = ClusterWireCodec.Manifest(message);
        var body = ClusterWireCodec.Encode(message);
        var session = SessionOf(message);
        var signature = _key.Sign(ControlSignatures.Control(Server, Incarnation, recipient, session, manifest, body));
        return new SignedControl(Server, Incarnation, recipient, session, manifest, body, signature);
    }

    /// <summary>Whether <paramref name="proof"/> is signed by <paramref name="enrolledKey"/> for this server, run and node.</summary>
    public bool Verifies(RegistrationProof proof, byte[] enrolledKey, string node) =>
        SigningKeyPair.Verify(enrolledKey, ControlSignatures.Registration(PublicKey, Server, Incarnation, proof.Challenge, proof.Name, node), proof.Signature);
}
