namespace SecureAgg.Actors.Cluster;

/// <summary>What the coordinator (its <see cref="ClientRoster{TAgent}"/> and challenges) made of a client agent's registration.</summary>
public enum Admission
{
    /// <summary>A new agent under a free name: it joins the next session.</summary>
    Admitted,

    /// <summary>The agent is registered already (agents register again when a server node comes up).</summary>
    AlreadyRegistered,

    /// <summary>No client name: nothing to order it by or to report it as.</summary>
    NoName,

    /// <summary>The name is not enrolled (not in the trusted key file) and enrolment is not open.</summary>
    Untrusted,

    /// <summary>Another live agent holds the name (e.g. a restarted client node's agent before the old one is gone).</summary>
    NameHeld,

    /// <summary>The proof is not signed by the name's enrolled key for this server, run and node: whoever sent it does not hold the key.</summary>
    WrongKey,

    /// <summary>The proof answers no challenge this agent holds for the name: never issued to it, or used already (replayed).</summary>
    UnknownChallenge,

    /// <summary>The proof answers a challenge issued too long ago.</summary>
    ExpiredChallenge,

    /// <summary>Too many challenges are outstanding; the agent asks again later.</summary>
    TooManyPending,
}
