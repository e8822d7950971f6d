using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// What a client agrees to take part in, whatever the (authenticated) server asks: at least
/// <paramref name="MinSessionClients"/> clients, a threshold above half of the clients holding its shares, and in
/// active mode a member list it can check against its own trusted key file. A small n or a low t lets a server learn
/// one client's input from the aggregate or from the shares; a member it cannot verify could be the server itself.
/// </summary>
public sealed record ClientSessionPolicy(int MinSessionClients = ClientSessionPolicy.DefaultMinSessionClients)
{
    public const int DefaultMinSessionClients = 3;

    /// <summary>Why <paramref name="self"/> refuses this session, or null when it takes part.</summary>
    public string? Refusal(ProtocolParameters parameters, int clientId, IReadOnlyList<string> memberNames, string self, TrustedKeys? trusted) =>
        Refusal(parameters.ClientCount, parameters.Threshold, parameters.NeighbourhoodSize) ?? RosterRefusal(parameters, clientId, memberNames, self, trusted);

    /// <summary>
    /// The size rules on their own: n at least the minimum, and t above half of the s clients that hold this client's
    /// shares (s = n in SecAgg's complete graph, k + 1 in SecAgg+, where the threshold applies per neighbourhood).
    /// </summary>
    public string? Refusal(int clientCount, int threshold, int neighbourhoodSize)
    {
        if (clientCount < MinSessionClients)
            return $"n = {clientCount} is below this client's minimum of {MinSessionClients} (min-session-clients)";
        if (2 * threshold <= neighbourhoodSize)
            return $"t = {threshold} is at or below half of the {neighbourhoodSize} clients holding its shares";
        return null;
    }

    private static string? RosterRefusal(ProtocolParameters parameters, int clientId, IReadOnlyList<string> names, string self, TrustedKeys? trusted)
    {
        var n = parameters.ClientCount;
        if (clientId < 1 || clientId > n)
            return $"client id {clientId} is outside 1..{n}";
        if (parameters.Mode != SecurityMode.Active)
            return null;
        if (trusted is null)
            return "an active-mode session needs this node's trusted key file (--trusted-keys)";
        if (names.Count != n)
            return $"the member list has {names.Count} names for n = {n}";
        if (names[clientId - 1] != self)
            return $"the member list does not name {self} as client {clientId}";
        if (names.Distinct(StringComparer.Ordinal).Count() != n)
            return "the member list names a client twice";
        if (names.FirstOrDefault(name => !trusted.Contains(name)) is { } unknown)
            return $"member {unknown} is not in this node's trusted key file";
        return null;
    }
}
