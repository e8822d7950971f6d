using Akka.Actor;
using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Cluster;

/// <summary>Starting a journalled session: the session actor's settings (with the coordinator's journal key) and each member's assignment.</summary>
public sealed class SessionLaunchSpecs
{
    private static ClusterServerSettings Settings(TrustedKeys? trusted = null) =>
        new(2, TimeSpan.FromSeconds(60), 0, 10, 16, null, null, TimeSpan.FromSeconds(1), 1, 64 << 20, Trusted: trusted, SnapshotAfterBytes: 12345);

    // Journalled out of id order on purpose: the names list follows the ids.
    private static ClusterSessionOpened Opened(SecurityMode mode) =>
        new(2, SessionId.New(), new ProtocolParameters(3, 3, 16, 10, mode), new byte[32], 9, TimeSpan.FromSeconds(3),
            [new SessionMember(2, "b", "akka://x/user/b#2"), new SessionMember(1, "a", "akka://x/user/a#1"), new SessionMember(3, "c", "akka://x/user/c#3")], [5, 6]);

    private static TrustedKeys Trusted(params string[] names) => new(names.ToDictionary(name => name, _ => new byte[32]));

    [Fact]
    public void The_session_actor_runs_the_journalled_session_with_the_servers_snapshot_setting()
    {
        var opened = Opened(SecurityMode.SemiHonest);

        var integrity = JournalIntegrity.Ephemeral();

        var settings = SessionLaunch.SettingsFor(Settings(), opened, integrity, out var untrusted);

        Assert.Equal((opened.Parameters, opened.Session, opened.RoundTimeout, 12345L), (settings.Parameters, settings.Session, settings.RoundTimeout, settings.SnapshotAfterBytes));
        Assert.Same(integrity, settings.Integrity);
        Assert.Same(opened.GraphSeed, settings.GraphSeed);
        Assert.Null(settings.Directory);
        Assert.Null(untrusted);
    }

    [Fact]
    public void In_active_mode_a_member_missing_from_the_trusted_keys_is_named()
    {
        SessionLaunch.SettingsFor(Settings(Trusted("a", "c")), Opened(SecurityMode.Active), JournalIntegrity.Ephemeral(), out var untrusted);

        Assert.Equal("b", untrusted);
    }

    [Fact]
    public void An_assignment_carries_the_members_id_the_sessions_seeds_and_payload()
    {
        var opened = Opened(SecurityMode.SemiHonest);

        var assignment = SessionLaunch.AssignmentFor(opened, opened.Members[0], ActorRefs.Nobody);

        Assert.Equal((opened.Session, 2, 2, 9), (assignment.Session, assignment.Index, assignment.ClientId, assignment.InputSeed));
        Assert.Equal(new byte[] { 5, 6 }, assignment.TaskPayload);
        Assert.Empty(assignment.MemberNames);
    }

    [Fact]
    public void An_active_mode_assignment_lists_the_member_names_by_id() =>
        Assert.Equal(new[] { "a", "b", "c" }, SessionLaunch.AssignmentFor(Opened(SecurityMode.Active), Opened(SecurityMode.Active).Members[0], ActorRefs.Nobody).MemberNames);
}
