namespace SecureAgg.Actors.Cluster;

/// <summary>
/// When the coordinator opens sessions: one over the registered clients once at least <see cref="MinClients"/>
/// are there, giving up if they are not within <see cref="JoinTimeout"/>; and when it is done: after
/// <see cref="Sessions"/> sessions (0 = no limit) or when the task has nothing left to run.
/// </summary>
public sealed record SessionSchedule(int MinClients, TimeSpan JoinTimeout, int Sessions)
{
    public static SessionSchedule Of(ClusterServerSettings settings) => new(settings.MinClients, settings.JoinTimeout, settings.Sessions);

    public bool CanOpen(int registered) => registered >= MinClients;

    public bool AllDone(int completedSessions, bool taskDone) => taskDone || (Sessions > 0 && completedSessions >= Sessions);

    /// <summary>Why the server gives up when the join deadline passes, or null when a session runs or enough clients came.</summary>
    public string? MissedJoinDeadline(int registered, bool sessionOpen) =>
        sessionOpen || CanOpen(registered)
            ? null
            : $"only {registered} of the {MinClients} clients needed registered within {JoinTimeout.TotalSeconds:0.#} s";
}
