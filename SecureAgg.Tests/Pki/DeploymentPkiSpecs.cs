using System.Security.Cryptography.X509Certificates;
using SecureAgg.Host.Pki;

namespace SecureAgg.Tests.Pki;

/// <summary>The deployment CA and node certificates of <c>secagg pki</c>, and the trust rule TLS applies to a peer.</summary>
public sealed class DeploymentPkiSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("secagg-pki-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Issue(string folder, string node)
    {
        using var authority = DeploymentPki.Authority(folder, out _);
        return DeploymentPki.Issue(authority, folder, node, []);
    }

    [Fact]
    public void Private_keys_are_written_owner_only_and_the_ca_certificate_is_public()
    {
        Issue(_folder, "node1");
        if (OperatingSystem.IsWindows())
            return;
        foreach (var file in new[] { DeploymentPki.AuthorityKeyFile, "node1.pfx" })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, file)));
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile));
        Assert.False(ca.HasPrivateKey);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void A_node_certificate_is_trusted_by_its_own_ca_and_by_no_other()
    {
        var node = Issue(_folder, "node1");
        var outsiderFolder = Path.Combine(_folder, "outsider");
        var outsider = Issue(outsiderFolder, "node1");
        var ca = Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile);

        var deployment = TransportSecurity.Load(node, ca);
        Assert.True(deployment.Trusts(deployment.Certificate));
        Assert.False(deployment.Trusts(X509CertificateLoader.LoadPkcs12FromFile(outsider, null)));
        Assert.False(deployment.Trusts(null));
        // The CA itself is not a node: it is not issued for TLS.
        Assert.False(deployment.Trusts(deployment.Authority));
    }

    [Fact]
    public void A_second_run_keeps_the_ca_so_nodes_added_later_are_trusted_by_the_first_ones()
    {
        var first = Issue(_folder, "node1");
        var caBytes = File.ReadAllBytes(Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile));
        var later = Issue(_folder, "node9");

        Assert.Equal(caBytes, File.ReadAllBytes(Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile)));
        var ca = Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile);
        Assert.True(TransportSecurity.Load(first, ca).Trusts(TransportSecurity.Load(later, ca).Certificate));
    }

    [Fact]
    public void Loading_a_missing_foreign_or_keyless_certificate_is_one_clear_error()
    {
        var node = Issue(_folder, "node1");
        var ca = Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile);
        var outsider = Issue(Path.Combine(_folder, "outsider"), "node1");
        var keyless = Path.Combine(_folder, "keyless.pfx");
        File.WriteAllBytes(keyless, X509CertificateLoader.LoadPkcs12FromFile(node, null).Export(X509ContentType.Cert));
        var garbage = Path.Combine(_folder, "garbage.crt");
        File.WriteAllText(garbage, "not a certificate");

        Assert.Contains("cannot be read as a PKCS#12 file", Assert.Throws<ArgumentException>(() => TransportSecurity.Load(Path.Combine(_folder, "none.pfx"), ca)).Message);
        Assert.Contains("was not issued by the CA", Assert.Throws<ArgumentException>(() => TransportSecurity.Load(outsider, ca)).Message);
        Assert.Contains("cannot be read", Assert.Throws<ArgumentException>(() => TransportSecurity.Load(keyless, ca)).Message);
        Assert.Contains("cannot be read as a certificate", Assert.Throws<ArgumentException>(() => TransportSecurity.Load(node, garbage)).Message);
    }

    [Fact]
    public void The_pki_command_writes_the_ca_and_one_certificate_per_node_and_refuses_bad_names()
    {
        var run = Processes.SecaggProcess.Run(TimeSpan.FromSeconds(60), "pki", "--nodes", "node1,node-2", "--out", _folder);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var ca = Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile);
        foreach (var node in new[] { "server", "node1", "node-2" })
            Assert.True(TransportSecurity.Load(DeploymentPki.CertificatePath(_folder, node), ca).Trusts(
                X509CertificateLoader.LoadPkcs12FromFile(DeploymentPki.CertificatePath(_folder, "node1"), null)));

        foreach (var bad in new[] { "server", "a..b", "node/1", "-x", "" })
        {
            var refused = Processes.SecaggProcess.Run(TimeSpan.FromSeconds(60), "pki", "--nodes", bad, "--out", Path.Combine(_folder, "bad"));
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("secagg pki:", refused.Error);
            Assert.DoesNotContain("   at ", refused.Error);
        }
    }

    [Fact]
    public void A_ca_certificate_without_its_key_is_refused_rather_than_replaced_by_a_new_ca()
    {
        Issue(_folder, "node1");
        File.Delete(Path.Combine(_folder, DeploymentPki.AuthorityKeyFile));
        var before = File.ReadAllBytes(Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile));

        var error = Assert.Throws<IOException>(() => DeploymentPki.Authority(_folder, out _));
        Assert.Contains("without ca.key", error.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_folder, DeploymentPki.AuthorityCertificateFile)));
    }

    [Fact]
    public void Tls_is_required_unless_insecure_transport_is_chosen_and_the_two_do_not_mix()
    {
        Assert.Contains("TLS between nodes is on by default", Assert.Throws<ArgumentException>(() => TransportChoice.Unset.Load("secagg.server")).Message);
        Assert.Contains("TLS between nodes is on by default", Assert.Throws<ArgumentException>(() => new TransportChoice("x.pfx", null, false).Load("secagg.server")).Message);
        Assert.Null(new TransportChoice(null, null, true).Load("secagg.client"));
        Assert.Contains("turns TLS off", Assert.Throws<ArgumentException>(() => new TransportChoice("x.pfx", "ca.crt", true).Load("secagg.client")).Message);
    }
}
