namespace SecureAgg.Actors.Cluster;

/// <summary>What the <see cref="ClientRoster{TAgent}"/> made of a client agent's registration.</summary>
public enum Admission
{
    /// <summary>A new agent under a free name: it joins the next session.</summary>
    Admitted,

    /// <summary>The agent is registered already (agents repeat their registration until answered).</summary>
    AlreadyRegistered,

    /// <summary>No client name: nothing to order it by or to report it as.</summary>
    NoName,

    /// <summary>Active mode and the name is not in the trusted key file: nobody could check its signatures.</summary>
    Untrusted,

    /// <summary>Another live agent holds the name (e.g. a restarted client node's agent before the old one is gone).</summary>
    NameHeld,
}
