using System.CommandLine;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Keys;

/// <summary>
/// <c>secagg keys</c>: the cluster's identity keys (<see cref="KeyFiles"/>): the server's (OUT/server.key for the
/// server's --identity, OUT/server.pub for every client's --server-key) and an Ed25519 key per client name
/// (NODE/client-NNNN, as client nodes name their clients with --name NODE), written as OUT/NODE/client-NNNN.key, with
/// OUT/trusted-keys.txt listing every client's public key (the server's enrolment; active-mode clients load it too).
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var nodes = new Option<string>("--nodes") { Description = "Client node names (their --name), comma-separated, e.g. node1,node2,node3. [default: none, only the server's identity]" };
        var clients = new Option<int>("--clients") { Description = "Clients per node.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for server.key, server.pub, the NODE/ key folders and trusted-keys.txt.", DefaultValueFactory = _ => "out/keys" };
        var command = new Command("keys", "Generate the Ed25519 identity keys of a cluster: the server's, and every client's for its enrolment.") { nodes, clients, output };
        command.SetAction(result =>
        {
            var names = (result.GetValue(nodes) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var perNode = result.GetValue(clients);
            var folder = result.GetValue(output)!;
            if (perNode is < 1 or > 10_000 || names.Any(n => n.Contains('/') || n.Contains(' ')))
            {
                Console.Error.WriteLine("secagg keys: give node names without '/' or spaces and 1..10000 clients per node.");
                return 2;
            }
            try
            {
                OutputFolder.Prepare(folder);
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"secagg keys: {error.Message}");
                return 2;
            }
            KeyFiles.WriteServerIdentity(folder);
            var identity = Path.Combine(folder, KeyFiles.ServerKey);
            var pinned = Path.Combine(folder, KeyFiles.ServerPublicKey);
            Console.WriteLine($"keys: server identity {identity} (the server's --identity, keep it there) and {pinned} (every client's --server-key)");
            if (names.Length == 0)
                return 0;
            var trusted = KeyFiles.WriteClientKeys(folder, names, perNode);
            var file = Path.Combine(folder, KeyFiles.Trusted);
            Console.WriteLine($"keys: {trusted.Count} client keys under {Path.GetFullPath(folder)}; give the server {file} (--trusted-keys), " +
                              $"each client node only its own folder, e.g. {Path.Combine(folder, names[0])} (--identity-dir), and active-mode clients {file} too");
            return 0;
        });
        return command;
    }
}
