using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecureAgg.Host.Pki;

/// <summary>
/// A node's mutual TLS: its own certificate (with key) and the deployment CA that every peer's certificate must chain
/// to. Host names are not checked (nodes sit behind NAT and container names); a peer is trusted because the
/// deployment's CA issued its certificate, and nothing else is: the system's trusted roots play no part.
/// </summary>
public sealed class TransportSecurity
{
    private TransportSecurity(X509Certificate2 certificate, X509Certificate2 authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>Loads NAME.pfx and ca.crt; a missing, unreadable or foreign file is one clear error.</summary>
    public static TransportSecurity Load(string certificatePath, string authorityPath)
    {
        X509Certificate2 certificate, authority;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"certificate '{certificatePath}' cannot be read as a PKCS#12 file with its key ({error.Message.TrimEnd('.')}); secagg pki writes one per node.");
        }
        try
        {
            authority = X509CertificateLoader.LoadCertificateFromFile(authorityPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"ca '{authorityPath}' cannot be read as a certificate ({error.Message.TrimEnd('.')}); it is the deployment's ca.crt from secagg pki.");
        }
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"certificate '{certificatePath}' holds no private key.");
        var security = new TransportSecurity(certificate, authority);
        if (!security.Trusts(certificate))
            throw new ArgumentException($"certificate '{certificatePath}' ({certificate.Subject}) was not issued by the CA in '{authorityPath}', or has expired.");
        return security;
    }

    /// <summary>The peer's certificate chains to the deployment CA, is valid now and is meant for TLS.</summary>
    public bool Trusts(X509Certificate2? peer)
    {
        // A node presents a certificate the CA issued to it, never the CA's own.
        if (peer is null || peer.Extensions.OfType<X509BasicConstraintsExtension>().Any(constraints => constraints.CertificateAuthority))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(peer) && chain.ChainElements.Count >= 2 && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Authority.RawDataMemory.Span);
    }
}
