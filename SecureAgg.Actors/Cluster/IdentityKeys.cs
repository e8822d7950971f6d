using SecureAgg.Crypto;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// Key files as secagg keys writes them: a private Ed25519 key as one hex line (mode 0600), a public key as one hex
/// line. A public key may also be given inline as its 64 hex digits.
/// </summary>
public static class IdentityKeys
{
    public static SigningKeyPair LoadPrivateKey(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"Key file '{path}' does not exist (secagg keys writes one).");
        try
        {
            return SigningKeyPair.FromPrivateKey(Convert.FromHexString(File.ReadAllText(path).Trim()));
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            throw new ArgumentException($"{path} is not a hex Ed25519 private key: {error.Message}");
        }
    }

    /// <summary>A public key from <paramref name="fileOrHex"/>: 64 hex digits, or a file holding them (comment lines start with #).</summary>
    public static byte[] ParsePublicKey(string fileOrHex)
    {
        var text = fileOrHex.Trim();
        var inline = text.Length == 2 * SigningKeyPair.KeySize && text.All(char.IsAsciiHexDigit);
        if (!inline)
        {
            if (!File.Exists(text))
                throw new ArgumentException($"'{fileOrHex}' is neither {2 * SigningKeyPair.KeySize} hex digits nor an existing key file (secagg keys writes server.pub).");
            text = string.Concat(File.ReadLines(text).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')));
        }
        byte[] key;
        try
        {
            key = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"The public key in '{fileOrHex}' is not hexadecimal.");
        }
        if (key.Length != SigningKeyPair.KeySize)
            throw new ArgumentException($"The public key in '{fileOrHex}' has {key.Length} bytes, an Ed25519 key {SigningKeyPair.KeySize}.");
        return key;
    }
}
