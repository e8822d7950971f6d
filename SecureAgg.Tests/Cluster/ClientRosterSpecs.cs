using SecureAgg.Actors.Cluster;

namespace SecureAgg.Tests.Cluster;

/// <summary>The coordinator's roster: one live agent per name, enrolled names only unless enrolment is open, leaves, name order.</summary>
public sealed class ClientRosterSpecs
{
    private static Enrolment Enrolled(params string[] names) => new(new TrustedKeys(names.ToDictionary(name => name, _ => new byte[32])), open: false);

    [Fact]
    public void A_new_agent_under_a_free_name_is_admitted()
    {
        var roster = new ClientRoster<int>();

        Assert.Equal(Admission.Admitted, roster.Register(1, "node1/client-0001"));
        Assert.Equal(1, roster.Count);
    }

    [Fact]
    public void An_agent_that_registers_again_stays_registered_once()
    {
        var roster = new ClientRoster<int>();
        roster.Register(1, "a");

        Assert.Equal(Admission.AlreadyRegistered, roster.Register(1, "a"));
        Assert.Equal(1, roster.Count);
    }

    [Fact]
    public void A_second_live_agent_under_a_held_name_is_refused()
    {
        var roster = new ClientRoster<int>();
        roster.Register(1, "a");

        Assert.Equal(Admission.NameHeld, roster.Register(2, "a"));
        Assert.Equal(new[] { 1 }, roster.Agents);
    }

    [Fact]
    public void Once_the_old_agent_left_a_new_agent_takes_its_name()
    {
        var roster = new ClientRoster<int>();
        roster.Register(1, "a");

        Assert.True(roster.Leave(1, out var name));
        Assert.Equal("a", name);
        Assert.Equal(Admission.Admitted, roster.Register(2, "a"));
    }

    [Fact]
    public void An_agent_that_never_registered_does_not_leave()
    {
        var roster = new ClientRoster<int>();
        roster.Register(1, "a");

        Assert.False(roster.Leave(2, out _));
        Assert.Equal(1, roster.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_registration_without_a_name_is_refused(string name) =>
        Assert.Equal(Admission.NoName, new ClientRoster<int>().Register(1, name));

    [Fact]
    public void An_agent_registered_under_one_name_cannot_take_a_second()
    {
        var roster = new ClientRoster<int>();
        roster.Register(1, "a");

        Assert.Equal(Admission.NameHeld, roster.Register(1, "b"));
        Assert.Equal(new[] { (1, "a") }, roster.Registered);
    }

    [Fact]
    public void With_closed_enrolment_a_name_outside_the_trusted_key_file_is_refused()
    {
        var roster = new ClientRoster<int>(Enrolled("node1/client-0001"));

        Assert.Equal(Admission.Untrusted, roster.Register(1, "intruder/client-0001"));
        Assert.Equal(Admission.Admitted, roster.Register(2, "node1/client-0001"));
        Assert.Equal(new[] { 2 }, roster.Agents);
    }

    [Fact]
    public void With_open_enrolment_any_name_may_register_and_enrolled_names_keep_their_keys()
    {
        var enrolment = new Enrolment(new TrustedKeys(new Dictionary<string, byte[]> { ["a"] = new byte[32] }), open: true);
        var roster = new ClientRoster<int>(enrolment);

        Assert.Null(roster.Refusal("stranger/client-0001"));
        Assert.Equal(Admission.Admitted, roster.Register(1, "stranger/client-0001"));
        Assert.NotNull(enrolment.KeyOf("a"));
        Assert.Null(enrolment.KeyOf("stranger/client-0001"));
        Assert.False(new Enrolment(null, open: false).MayRegister("a"));
    }

    [Fact]
    public void A_journalled_member_is_admitted_without_the_enrolment_check()
    {
        var roster = new ClientRoster<int>(Enrolled("a"));

        Assert.Equal(Admission.Admitted, roster.Admit(1, "b"));
    }

    [Fact]
    public void Members_come_in_ordinal_name_order_up_to_the_maximum()
    {
        var roster = new ClientRoster<int>();
        roster.Register(1, "b");
        roster.Register(2, "B");
        roster.Register(3, "a");

        Assert.Equal(new[] { (2, "B"), (3, "a"), (1, "b") }, roster.InNameOrder());
        Assert.Equal(new[] { (2, "B"), (3, "a") }, roster.InNameOrder(max: 2));
    }
}
