using SecureAgg.Actors.Cluster;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Cluster;

/// <summary>What a client takes part in, whatever an authenticated server asks: n, t and, in active mode, a verifiable roster.</summary>
public sealed class ClientSessionPolicySpecs
{
    private static readonly ClientSessionPolicy Default = new();
    private static readonly TrustedKeys Trusted = new(new[] { "a", "b", "c", "d" }.ToDictionary(name => name, _ => new byte[32]));

    private static ProtocolParameters Active(int n) => ProtocolParameters.WithDefaults(n, 10, 16, SecurityMode.Active);

    [Fact]
    public void The_default_minimum_is_three_clients()
    {
        Assert.Equal(3, Default.MinSessionClients);
        Assert.Equal("n = 2 is below this client's minimum of 3 (min-session-clients)",
            Default.Refusal(ProtocolParameters.WithDefaults(2, 10, 16), 1, [], "a", null));
        Assert.Null(Default.Refusal(ProtocolParameters.WithDefaults(3, 10, 16), 1, [], "a", null));
        Assert.Null(new ClientSessionPolicy(2).Refusal(ProtocolParameters.WithDefaults(2, 10, 16), 1, [], "a", null));
        Assert.NotNull(new ClientSessionPolicy(10).Refusal(ProtocolParameters.WithDefaults(9, 10, 16), 1, [], "a", null));
    }

    [Theory]
    [InlineData(4, 2, 4)]
    [InlineData(10, 5, 10)]
    [InlineData(10, 1, 10)]
    [InlineData(20, 2, 5)]
    public void A_threshold_at_or_below_half_of_the_share_holders_is_refused(int n, int t, int s)
    {
        Assert.Equal($"t = {t} is at or below half of the {s} clients holding its shares", Default.Refusal(n, t, s));
    }

    [Theory]
    [InlineData(4, 3, 4)]
    [InlineData(3, 2, 3)]
    [InlineData(20, 3, 5)]
    public void A_threshold_above_half_of_the_share_holders_is_accepted(int n, int t, int s)
    {
        Assert.Null(Default.Refusal(n, t, s));
    }

    [Fact]
    public void In_active_mode_a_roster_it_can_verify_is_accepted()
    {
        Assert.Null(Default.Refusal(Active(4), 2, ["a", "b", "c", "d"], "b", Trusted));
    }

    [Theory]
    [InlineData("a,b,c,stranger", 2, "b", "member stranger is not in this node's trusted key file")]
    [InlineData("a,b,c,d", 2, "c", "the member list does not name c as client 2")]
    [InlineData("a,b,c", 2, "b", "the member list has 3 names for n = 4")]
    [InlineData("a,b,b,d", 2, "b", "the member list names a client twice")]
    [InlineData("a,b,c,d", 5, "b", "client id 5 is outside 1..4")]
    public void In_active_mode_a_roster_it_cannot_verify_is_refused(string names, int id, string self, string reason)
    {
        Assert.Equal(reason, Default.Refusal(Active(4), id, names.Split(','), self, Trusted));
    }

    [Fact]
    public void In_active_mode_without_trusted_keys_nothing_can_be_verified()
    {
        Assert.Equal("an active-mode session needs this node's trusted key file (--trusted-keys)", Default.Refusal(Active(4), 1, ["a", "b", "c", "d"], "a", null));
    }
}
