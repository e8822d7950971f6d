using System.Text;
using SecureAgg.Crypto;
using SecureAgg.Serialization;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The exact bytes signed between the server and its clients outside the protocol rounds. Each starts with its own
/// label (domain separation: no signature from one context is valid in another, nor as a protocol signature) and
/// length-prefixes every field, so no two field lists encode alike.
/// </summary>
public static class ControlSignatures
{
    private static readonly byte[] ControlLabel = Encoding.ASCII.GetBytes("SecAgg v1 server control");
    private static readonly byte[] RegistrationLabel = Encoding.ASCII.GetBytes("SecAgg v1 client registration");

    /// <summary>What the server signs for a control message: its name and run, the recipient, the session, the message's type and encoding.</summary>
    public static byte[] Control(string server, byte[] incarnation, string recipient, SessionId session, string manifest, byte[] body)
    {
        var writer = new WireWriter(ControlLabel.Length + body.Length + 256);
        writer.WriteRaw(ControlLabel);
        writer.WriteBytes(Encoding.UTF8.GetBytes(server));
        writer.WriteBytes(incarnation);
        writer.WriteBytes(Encoding.UTF8.GetBytes(recipient));
        writer.WriteSession(session);
        writer.WriteBytes(Encoding.UTF8.GetBytes(manifest));
        writer.WriteBytes(body);
        return writer.ToArray();
    }

    /// <summary>
    /// What a client signs to register: the server's key, name and run, the server's fresh challenge, its own name and
    /// the address of the node its agent runs on, so the answer counts for nothing else (another server, a later
    /// run, another name, an agent elsewhere).
    /// </summary>
    public static byte[] Registration(byte[] serverKey, string server, byte[] incarnation, byte[] challenge, string name, string node)
    {
        var writer = new WireWriter();
        writer.WriteRaw(RegistrationLabel);
        writer.WriteBytes(serverKey);
        writer.WriteBytes(Encoding.UTF8.GetBytes(server));
        writer.WriteBytes(incarnation);
        writer.WriteBytes(challenge);
        writer.WriteBytes(Encoding.UTF8.GetBytes(name));
        writer.WriteBytes(Encoding.UTF8.GetBytes(node));
        return writer.ToArray();
    }
}
