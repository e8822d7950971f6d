using System.Diagnostics.CodeAnalysis;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The clients registered with the coordinator: at most one live agent per name (names order a session's members, so
/// two agents must not share one), admitted only under a name the enrolment allows, and dropped when they leave.
/// Whether the agent holds the name's key is checked before (<see cref="RegistrationChallenges{TAgent}"/>), so a
/// node without the key never holds an enrolled name, and cannot keep its owner out. Generic in the agent so it is
/// tested without an actor system; the coordinator keys it by actor reference.
/// </summary>
public sealed class ClientRoster<TAgent>(Enrolment? enrolment = null)
    where TAgent : notnull
{
    private readonly Dictionary<TAgent, string> _names = [];

    public int Count => _names.Count;

    public IEnumerable<TAgent> Agents => _names.Keys;

    /// <summary>Every registered agent with its name.</summary>
    public IEnumerable<(TAgent Agent, string Name)> Registered => _names.Select(entry => (entry.Key, entry.Value));

    /// <summary>Whether the name may register at all: named, and enrolled unless enrolment is open. Null when it may.</summary>
    public Admission? Refusal(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return Admission.NoName;
        if (enrolment is not null && !enrolment.MayRegister(name))
            return Admission.Untrusted;
        return null;
    }

    /// <summary>A registration from the network (its proof checked): named, allowed by the enrolment, the name free.</summary>
    public Admission Register(TAgent agent, string name) => Refusal(name) ?? Admit(agent, name);

    /// <summary>A member of a journalled session: it was checked when it first registered.</summary>
    public Admission Admit(TAgent agent, string name)
    {
        if (_names.TryGetValue(agent, out var held))
            return held == name ? Admission.AlreadyRegistered : Admission.NameHeld;
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
