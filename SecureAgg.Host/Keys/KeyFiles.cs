using System.Security.Cryptography;
using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;

namespace SecureAgg.Host.Keys;

/// <summary>
/// The key files secagg keys writes (and tests write the same way): the server's identity (server.key, private,
/// mode 0600; server.pub, public), and per client node OUT/NODE/client-NNNN.key (private, 0600) with
/// OUT/trusted-keys.txt holding every client's public key. Each node should get only its own NODE/ folder.
/// </summary>
public static class KeyFiles
{
    public const string ServerKey = "server.key";
    public const string ServerPublicKey = "server.pub";
    public const string Trusted = "trusted-keys.txt";

    /// <summary>A fresh server identity in <paramref name="folder"/>; returns its public key.</summary>
    public static byte[] WriteServerIdentity(string folder)
    {
        var secret = RandomNumberGenerator.GetBytes(SigningKeyPair.KeySize);
        var key = SigningKeyPair.FromPrivateKey(secret);
        WritePrivateKey(Path.Combine(folder, ServerKey), secret);
        File.WriteAllLines(Path.Combine(folder, ServerPublicKey),
            ["# SecAgg server identity (Ed25519 public key): clients pin it with --server-key", Convert.ToHexStringLower(key.PublicKey)]);
        return key.PublicKey;
    }

    /// <summary>A fresh key for each of <paramref name="perNode"/> clients of every node, and the trusted key file.</summary>
    public static TrustedKeys WriteClientKeys(string folder, IReadOnlyList<string> nodes, int perNode)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            for (var i = 1; i <= perNode; i++)
            {
                var name = ClientNames.Of(node, i);
                var secret = RandomNumberGenerator.GetBytes(SigningKeyPair.KeySize);
                keys[name] = SigningKeyPair.FromPrivateKey(secret).PublicKey;
                WritePrivateKey(TrustedKeys.PrivateKeyPath(folder, name), secret);
            }
        }
        var trusted = new TrustedKeys(keys);
        trusted.Save(Path.Combine(folder, Trusted));
        return trusted;
    }

    /// <summary>One hex line, readable by its owner only from the moment the file exists.</summary>
    public static void WritePrivateKey(string path, byte[] secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, options);
        writer.Write(Convert.ToHexStringLower(secret) + "\n");
    }
}
