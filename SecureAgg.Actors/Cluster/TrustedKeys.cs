using System.Globalization;
using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The PKI of active mode across the cluster: every client's Ed25519 verification key by client name, distributed
/// out of band (a file every node loads), so the server cannot substitute keys. One line per client,
/// <c>NAME HEX-PUBLIC-KEY</c>; blank lines and lines starting with # are ignored.
/// </summary>
public sealed class TrustedKeys
{
    private readonly IReadOnlyDictionary<string, byte[]> _keys;

    public TrustedKeys(IReadOnlyDictionary<string, byte[]> keys) => _keys = keys;

    public int Count => _keys.Count;

    public bool Contains(string name) => _keys.ContainsKey(name);

    /// <summary>The enrolled key of <paramref name="name"/>, or null.</summary>
    public byte[]? KeyOf(string name) => _keys.GetValueOrDefault(name);

    public static TrustedKeys Load(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"Trusted key file '{path}' does not exist (secagg keys writes one).");
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
                throw new ArgumentException($"{path}:{number}: expected 'NAME HEX-PUBLIC-KEY', got '{line}'.");
            byte[] key;
            try
            {
                key = Convert.FromHexString(parts[1]);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{path}:{number}: the key of {parts[0]} is not hexadecimal.");
            }
            if (key.Length != SigningKeyPair.KeySize)
                throw new ArgumentException($"{path}:{number}: the key of {parts[0]} has {key.Length} bytes, an Ed25519 key {SigningKeyPair.KeySize}.");
            if (!keys.TryAdd(parts[0], key))
                throw new ArgumentException($"{path}:{number}: {parts[0]} appears twice.");
        }
        if (keys.Count == 0)
            throw new ArgumentException($"Trusted key file '{path}' lists no client.");
        return new TrustedKeys(keys);
    }

    public void Save(string path)
    {
        var lines = _keys.OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.Key} {Convert.ToHexStringLower(entry.Value)}"));
        File.WriteAllLines(path, ["# SecAgg trusted client keys (Ed25519): NAME HEX-PUBLIC-KEY", .. lines]);
    }

    /// <summary>The session's directory (client id → key) for its members; null names a member the file does not list.</summary>
    public IdentityDirectory DirectoryFor(IReadOnlyList<string> memberNames, out string? unknown)
    {
        unknown = memberNames.FirstOrDefault(name => !_keys.ContainsKey(name));
        var directory = new Dictionary<int, byte[]>();
        for (var i = 0; i < memberNames.Count; i++)
        {
            if (_keys.TryGetValue(memberNames[i], out var key))
                directory[i + 1] = key;
        }
        return new IdentityDirectory(directory);
    }

    /// <summary>
    /// The private key of client <paramref name="name"/> (NODE/client-NNNN) in its node's own key folder:
    /// FOLDER/client-NNNN.key, one hex line (secagg keys writes OUT/NODE/). With trusted keys, the key must match the
    /// trusted public key, so a misplaced file is caught at start rather than as refused registrations.
    /// </summary>
    public static SigningKeyPair LoadPrivateKey(string nodeFolder, string name, TrustedKeys? trusted)
    {
        var path = NodeKeyPath(nodeFolder, name);
        if (!File.Exists(path))
            throw new ArgumentException($"No private key for {name}: {path} does not exist (--identity-dir is this node's own key folder, e.g. keys/node1).");
        var pair = IdentityKeys.LoadPrivateKey(path);
        if (trusted is not null && (trusted.KeyOf(name) is not { } key || !key.AsSpan().SequenceEqual(pair.PublicKey)))
            throw new ArgumentException($"The private key in {path} does not belong to the trusted key of {name}.");
        return pair;
    }

    /// <summary>Where secagg keys writes a client's private key: OUT/NODE/client-NNNN.key.</summary>
    public static string PrivateKeyPath(string folder, string name) => Path.Combine(folder, name.Replace('/', Path.DirectorySeparatorChar) + ".key");

    /// <summary>Where a node reads its client's private key: NODE-FOLDER/client-NNNN.key.</summary>
    public static string NodeKeyPath(string nodeFolder, string name) => Path.Combine(nodeFolder, name[(name.LastIndexOf('/') + 1)..] + ".key");
}
