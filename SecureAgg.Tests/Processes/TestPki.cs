using SecureAgg.Host.Pki;

namespace SecureAgg.Tests.Processes;

/// <summary>
/// One deployment PKI for the whole test run, made by the same code as <c>secagg pki</c>: a server certificate and a
/// client-node certificate from the deployment CA, and a node certificate from another CA (an outsider's).
/// </summary>
public static class TestPki
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), $"secagg-test-pki-{Environment.ProcessId}");
        using (var authority = DeploymentPki.Authority(folder, out _))
        {
            DeploymentPki.Issue(authority, folder, DeploymentPki.ServerName, []);
            DeploymentPki.Issue(authority, folder, "node", []);
        }
        var outsider = Path.Combine(folder, "outsider");
        using (var other = DeploymentPki.Authority(outsider, out _))
            DeploymentPki.Issue(other, outsider, "node", []);
        return folder;
    });

    public static string Authority => Path.Combine(Folder.Value, DeploymentPki.AuthorityCertificateFile);

    /// <summary>--certificate and --ca of the server node.</summary>
    public static string[] ServerArguments => ["--certificate", DeploymentPki.CertificatePath(Folder.Value, DeploymentPki.ServerName), "--ca", Authority];

    /// <summary>--certificate and --ca of a client node of the deployment.</summary>
    public static string[] ClientArguments => ["--certificate", DeploymentPki.CertificatePath(Folder.Value, "node"), "--ca", Authority];

    /// <summary>The client-node certificate as an in-process node's TLS (a test node that joins as an insider would).</summary>
    public static TransportSecurity NodeSecurity() =>
        TransportSecurity.Load(DeploymentPki.CertificatePath(Folder.Value, "node"), Authority);

    /// <summary>A client node whose certificate another CA issued (it trusts only its own CA).</summary>
    public static string[] OutsiderArguments =>
        ["--certificate", DeploymentPki.CertificatePath(Path.Combine(Folder.Value, "outsider"), "node"), "--ca", Path.Combine(Folder.Value, "outsider", DeploymentPki.AuthorityCertificateFile)];
}
