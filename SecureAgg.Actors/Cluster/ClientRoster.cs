using System.Diagnostics.CodeAnalysis;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The clients registered with the coordinator: at most one live agent per name (names order a session's members, so
/// two agents must not share one), admitted only under a trusted name in active mode, and dropped when they leave.
/// Generic in the agent so it is tested without an actor system; the coordinator keys it by actor reference.
/// </summary>
public sealed class ClientRoster<TAgent>(TrustedKeys? trusted = null)
    where TAgent : notnull
{
    private readonly Dictionary<TAgent, string> _names = [];

    public int Count => _names.Count;

    public IEnumerable<TAgent> Agents => _names.Keys;

    /// <summary>A registration from the network: checked for a name and, in active mode, a trusted one.</summary>
    public Admission Register(TAgent agent, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return Admission.NoName;
        if (trusted is not null && !trusted.Contains(name))
            return Admission.Untrusted;
        return Admit(agent, name);
    }

    /// <summary>A member of a journalled session: it was checked when it first registered.</summary>
    public Admission Admit(TAgent agent, string name)
    {
        if (_names.ContainsKey(agent))
            return Admission.AlreadyRegistered;
        if (_names.ContainsValue(name))
            return Admission.NameHeld;
        _names[agent] = name;
        return Admission.Admitted;
    }

    /// <summary>The agent is gone (its node was downed); false for an agent that was never registered.</summary>
    public bool Leave(TAgent agent, [NotNullWhen(true)] out string? name) => _names.Remove(agent, out name);

    /// <summary>The next session's members: the registered clients in ordinal name order, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<(TAgent Agent, string Name)> InNameOrder(int? max = null) =>
        _names.OrderBy(entry => entry.Value, StringComparer.Ordinal)
            .Take(max ?? int.MaxValue)
            .Select(entry => (entry.Key, entry.Value))
            .ToArray();
}
