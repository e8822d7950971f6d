using System.CommandLine;
using System.Security.Cryptography;
using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;

namespace SecureAgg.Host.Keys;

/// <summary>
/// <c>secagg keys</c>: identity keys for active mode across the cluster: an Ed25519 key per client name
/// (NODE/client-NNNN, as client nodes name their clients with --name NODE), written as OUT/NODE/client-NNNN.key, and
/// OUT/trusted-keys.txt with every public key for all nodes to load.
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var nodes = new Option<string>("--nodes") { Description = "Client node names (their --name), comma-separated, e.g. node1,node2,node3.", Required = true };
        var clients = new Option<int>("--clients") { Description = "Clients per node.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for the private keys and trusted-keys.txt.", DefaultValueFactory = _ => "out/keys" };
        var command = new Command("keys", "Generate Ed25519 identity keys for active-mode sessions across the cluster.") { nodes, clients, output };
        command.SetAction(result =>
        {
            var names = result.GetValue(nodes)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var perNode = result.GetValue(clients);
            var folder = result.GetValue(output)!;
            if (names.Length == 0 || perNode is < 1 or > 10_000 || names.Any(n => n.Contains('/') || n.Contains(' ')))
            {
                Console.Error.WriteLine("secagg keys: give node names without '/' or spaces and 1..10000 clients per node.");
                return 2;
            }
            var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var node in names)
            {
                for (var i = 1; i <= perNode; i++)
                {
                    var name = ClientNames.Of(node, i);
                    var secret = RandomNumberGenerator.GetBytes(SigningKeyPair.KeySize);
                    keys[name] = SigningKeyPair.FromPrivateKey(secret).PublicKey;
                    var path = TrustedKeys.PrivateKeyPath(folder, name);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllText(path, Convert.ToHexStringLower(secret) + "\n");
                    if (!OperatingSystem.IsWindows())
                        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            var trusted = Path.Combine(folder, "trusted-keys.txt");
            new TrustedKeys(keys).Save(trusted);
            Console.WriteLine($"keys: {keys.Count} client keys under {Path.GetFullPath(folder)}; give every node {trusted} (--trusted-keys) " +
                              "and each client node its own NODE/ folder (--identity-dir)");
            return 0;
        });
        return command;
    }
}
