using Akka.Actor;
using SecureAgg.Persistence;
using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// How a journalled session starts (afresh or resumed): its server session actor's settings, and the assignment each
/// member receives (in active mode with the id-to-name list, so clients check their peers' keys themselves).
/// </summary>
public static class SessionLaunch
{
    /// <summary>
    /// The session actor's settings, its journal sealed as the coordinator's (<paramref name="integrity"/>); in active
    /// mode <paramref name="untrusted"/> names a member the trusted key file lacks.
    /// </summary>
    public static ServerSessionSettings SettingsFor(ClusterServerSettings settings, ClusterSessionOpened opened, JournalIntegrity integrity, out string? untrusted)
    {
        untrusted = null;
        IdentityDirectory? directory = null;
        if (opened.Parameters.Mode == SecurityMode.Active)
        {
            var trusted = settings.Trusted ?? throw new InvalidOperationException("An active-mode session needs the trusted keys.");
            directory = trusted.DirectoryFor(MemberNames(opened), out untrusted);
        }
        return new ServerSessionSettings(opened.Parameters, opened.Session, opened.GraphSeed, opened.RoundTimeout, directory,
            SnapshotAfterBytes: settings.SnapshotAfterBytes) { Integrity = integrity };
    }

    public static SessionAssignment AssignmentFor(ClusterSessionOpened opened, SessionMember member, IActorRef sessionActor) =>
        new(opened.Session, opened.Index, opened.Parameters, member.Id, opened.GraphSeed, opened.InputSeed, sessionActor, opened.TaskPayload,
            opened.Parameters.Mode == SecurityMode.Active ? MemberNames(opened) : []);

    /// <summary>Member names by id: entry u − 1 is client u.</summary>
    public static IReadOnlyList<string> MemberNames(ClusterSessionOpened opened) =>
        opened.Members.OrderBy(member => member.Id).Select(member => member.Name).ToArray();
}
