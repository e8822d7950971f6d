using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecureAgg.Host.Pki;

/// <summary>
/// A deployment's own certificate authority and the node certificates it issues, made with the framework's X509 APIs
/// (ECDSA P-256, SHA-256): <c>ca.crt</c> (give it to every node), <c>ca.key</c> (keep it off the nodes), and one
/// <c>NAME.pfx</c> per node (its certificate and private key). Every file holding a private key is mode 0600.
/// </summary>
public static class DeploymentPki
{
    public const string AuthorityCertificateFile = "ca.crt";
    public const string AuthorityKeyFile = "ca.key";
    public const string ServerName = "server";

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static string CertificatePath(string folder, string node) => Path.Combine(folder, $"{node}.pfx");

    /// <summary>The folder's CA, created when it has none (an existing one keeps signing, so nodes can be added later).</summary>
    public static X509Certificate2 Authority(string folder, out bool created)
    {
        var certificate = Path.Combine(folder, AuthorityCertificateFile);
        var key = Path.Combine(folder, AuthorityKeyFile);
        if (File.Exists(certificate) != File.Exists(key))
            throw new IOException($"{folder} has {(File.Exists(certificate) ? AuthorityCertificateFile : AuthorityKeyFile)} without " +
                                  $"{(File.Exists(certificate) ? AuthorityKeyFile : AuthorityCertificateFile)}: restore it, or use an empty folder for a new CA " +
                                  "(a new CA would orphan every certificate the old one issued).");
        created = !File.Exists(certificate);
        if (!created)
            return X509Certificate2.CreateFromPemFile(certificate, key);
        Directory.CreateDirectory(folder);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=SecureAgg deployment CA, O=SecureAgg", ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var authority = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));
        WritePrivate(key, ecdsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificate, authority.ExportCertificatePem());
        return X509Certificate2.CreateFromPemFile(certificate, key);
    }

    /// <summary>Issues <paramref name="node"/>'s certificate (for both ends of a TLS connection: Akka nodes dial each other) as NAME.pfx.</summary>
    public static string Issue(X509Certificate2 authority, string folder, string node, IReadOnlyList<string> hostNames)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={node}, OU={(node == ServerName ? "server" : "client node")}, O=SecureAgg", ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(node);
        foreach (var host in hostNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (System.Net.IPAddress.TryParse(host, out var address))
                names.AddIpAddress(address);
            else
                names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        var notAfter = new[] { now.AddYears(2), new DateTimeOffset(authority.NotAfter.ToUniversalTime()) }.Min();
        using var issued = request.Create(authority, now.AddHours(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(ecdsa);
        var path = CertificatePath(folder, node);
        WritePrivate(path, withKey.Export(X509ContentType.Pkcs12));
        return path;
    }

    private static void WritePrivate(string path, string text) => WritePrivate(path, System.Text.Encoding.ASCII.GetBytes(text));

    // Created 0600 before a byte is written (an old file is removed first, since its mode would be kept), so the key
    // is never readable by others.
    private static void WritePrivate(string path, byte[] content)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options))
            file.Write(content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
