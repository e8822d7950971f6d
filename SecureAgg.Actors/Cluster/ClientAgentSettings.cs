namespace SecureAgg.Actors.Cluster;

/// <summary>
/// What every client agent of a node shares: the server's pinned identity, the sessions it agrees to take part in,
/// and an answer delay that simulates slow devices.
/// </summary>
public sealed record ClientAgentSettings(PinnedServer Server, ClientSessionPolicy Policy, TimeSpan AnswerDelay = default)
{
    public static ClientAgentSettings Of(byte[] serverKey, int minSessionClients = ClientSessionPolicy.DefaultMinSessionClients, TimeSpan answerDelay = default) =>
        new(new PinnedServer(serverKey), new ClientSessionPolicy(minSessionClients), answerDelay);
}

