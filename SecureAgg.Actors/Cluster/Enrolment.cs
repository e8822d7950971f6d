namespace SecureAgg.Actors.Cluster;

/// <summary>
/// Who may register with the server: the names enrolled with a key (the trusted key file), each only by proving it
/// holds that key; with open enrolment also any other name, on its word alone. Open enrolment is Sybil-prone: one
/// node may register as many clients as it likes, so it can be most of a session (and learn what the aggregate of
/// the few honest clients is); it is off unless the server is started with it.
/// </summary>
public sealed class Enrolment(TrustedKeys? enrolled, bool open)
{
    public bool IsOpen => open;

    /// <summary>The key <paramref name="name"/> must prove it holds; null for a name that is not enrolled.</summary>
    public byte[]? KeyOf(string name) => enrolled?.KeyOf(name);

    public bool MayRegister(string name) => open || KeyOf(name) is not null;
}
