namespace SecureAgg.Host.Pki;

/// <summary>
/// How a node's remoting is protected: mutual TLS from its certificate and the deployment CA (the default, and
/// required), or plain TCP only when <c>insecure-transport</c> says so.
/// </summary>
public sealed record TransportChoice(string? Certificate, string? Authority, bool Insecure)
{
    public static readonly TransportChoice Unset = new(null, null, false);

    /// <summary>The node's TLS, or null for plain TCP; a missing or bad file is one clear error.</summary>
    public TransportSecurity? Load(string block)
    {
        if (Insecure)
        {
            if (Certificate is not null || Authority is not null)
                throw new ArgumentException($"{block}.insecure-transport (--insecure-transport) turns TLS off: drop certificate and ca, or drop it.");
            return null;
        }
        if (Certificate is null || Authority is null)
            throw new ArgumentException(
                $"TLS between nodes is on by default: give {block}.certificate (--certificate NODE.pfx) and {block}.ca (--ca ca.crt), which `secagg pki` writes, " +
                "or turn it off with --insecure-transport.");
        return TransportSecurity.Load(Certificate, Authority);
    }

    /// <summary>The line a node prints at start when it runs without TLS.</summary>
    public const string InsecureWarning =
        "WARNING: --insecure-transport: remoting runs over plain TCP without authentication; anyone who can reach this port can join the cluster and read its traffic.";
}
