using System.Security.Cryptography;
using SecureAgg.Crypto;

namespace SecureAgg.Persistence;

/// <summary>
/// The 32-byte key of the MACs that seal a server's journal records (<see cref="JournalSeal"/>). It lives outside the
/// database: derived from the server's identity key, or held in a key file of its own (one hex line, mode 0600).
/// </summary>
public sealed class JournalKey
{
    public const int Size = 32;

    /// <summary>The HKDF info that separates the journal key from every other use of the identity key.</summary>
    public const string IdentityLabel = "secagg journal mac v1";

    private readonly byte[] _key;

    private JournalKey(byte[] key) => _key = key;

    public static JournalKey FromIdentity(SigningKeyPair identity) => new(identity.DeriveKey(IdentityLabel, Size));

    /// <summary>A random key that lives as long as the process: what was sealed with it cannot be checked after a restart.</summary>
    public static JournalKey Ephemeral() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>The key in <paramref name="path"/>; a missing or malformed file is refused with one line.</summary>
    public static JournalKey Load(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"Journal key file '{path}' does not exist.");
        byte[] key;
        try
        {
            key = Convert.FromHexString(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw Malformed(path);
        }
        catch (IOException error)
        {
            throw new ArgumentException($"Journal key file '{path}' cannot be read: {error.Message}");
        }
        return key.Length == Size ? new JournalKey(key) : throw Malformed(path);
    }

    /// <summary>The key in <paramref name="path"/>, or a new random one written there (readable by its owner only) when the file is missing.</summary>
    public static JournalKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
            return Load(path);
        var key = RandomNumberGenerator.GetBytes(Size);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var writer = new StreamWriter(path, options);
            writer.Write(Convert.ToHexStringLower(key) + "\n");
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first: use that one.
            return Load(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Journal key file '{path}' cannot be written: {error.Message}");
        }
        return new JournalKey(key);
    }

    /// <summary>An HMAC-SHA256 under this key, fed piece by piece.</summary>
    internal IncrementalHash NewMac() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);

    public override string ToString() => "JournalKey(***)";

    private static ArgumentException Malformed(string path) =>
        new($"Journal key file '{path}' is not a journal key: expected {2 * Size} hex digits on one line.");
}
