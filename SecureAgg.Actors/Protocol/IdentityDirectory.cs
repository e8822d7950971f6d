namespace SecureAgg.Protocol;

/// <summary>The PKI of active mode: every client's long-term Ed25519 verification key, known to all parties.</summary>
public sealed class IdentityDirectory
{
    private readonly IReadOnlyDictionary<int, byte[]> _keys;

    public IdentityDirectory(IReadOnlyDictionary<int, byte[]> keys) => _keys = keys;

    public bool TryGet(int client, out byte[] verificationKey)
    {
        if (_keys.TryGetValue(client, out var key))
        {
            verificationKey = key;
            return true;
        }
        verificationKey = [];
        return false;
    }
}
