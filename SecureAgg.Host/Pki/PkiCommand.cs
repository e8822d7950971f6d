using System.CommandLine;
using SecureAgg.Host.Output;

namespace SecureAgg.Host.Pki;

/// <summary>
/// <c>secagg pki</c>: the deployment's certificate authority, the server's certificate and one per client node, for
/// Akka.Remote's mutual TLS (on by default for <c>server</c> and <c>client</c>).
/// </summary>
public static partial class PkiCommand
{
    public static Command Create()
    {
        var nodes = new Option<string>("--nodes") { Description = "Client node names (their --name), comma-separated, e.g. node1,node2,node3.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for ca.crt, ca.key, server.pfx and NODE.pfx; an existing ca.key there keeps signing.", DefaultValueFactory = _ => "out/pki" };
        var command = new Command("pki", "Create the deployment CA and TLS certificates for the server and each client node (mutual TLS between nodes).") { nodes, output };
        command.SetAction(result =>
        {
            var names = result.GetValue(nodes)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var folder = result.GetValue(output)!;
            if (names.Length == 0 || names.Any(n => n == DeploymentPki.ServerName || !NodeName().IsMatch(n)) || string.IsNullOrWhiteSpace(folder))
            {
                Console.Error.WriteLine("secagg pki: give client node names of letters, digits and '-' (1 to 63, not \"server\") and an --out folder.");
                return 2;
            }
            try
            {
                OutputFolder.Prepare(folder);
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"secagg pki: {error.Message}");
                return 2;
            }
            try
            {
                using var authority = DeploymentPki.Authority(folder, out var created);
                var issued = new[] { DeploymentPki.ServerName }.Concat(names).Select(name => DeploymentPki.Issue(authority, folder, name, [])).ToArray();
                var full = Path.GetFullPath(folder);
                Console.WriteLine($"pki: {(created ? "new" : "existing")} CA {full}/{DeploymentPki.AuthorityCertificateFile} " +
                                  $"(keep {DeploymentPki.AuthorityKeyFile} off the nodes); {issued.Length} certificates: {string.Join(", ", issued.Select(Path.GetFileName))}");
                Console.WriteLine($"pki: give every node --ca {full}/{DeploymentPki.AuthorityCertificateFile}, the server --certificate {full}/server.pfx, " +
                                  "each client node only its own --certificate NODE.pfx");
                return 0;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                Console.Error.WriteLine($"secagg pki: {error.Message}");
                return 1;
            }
        });
        return command;
    }

    // A DNS label: the name goes into the certificate's subject alternative names.
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex NodeName();
}
