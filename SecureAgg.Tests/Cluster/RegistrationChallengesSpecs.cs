using SecureAgg.Actors.Cluster;

namespace SecureAgg.Tests.Cluster;

/// <summary>The server's registration challenges: fresh, one answer each, for one agent and name, within their lifetime.</summary>
public sealed class RegistrationChallengesSpecs
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Nonce = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    [Fact]
    public void A_challenge_is_answered_once()
    {
        var challenges = new RegistrationChallenges<int>(Lifetime);
        var challenge = challenges.Issue(1, "a", Nonce, Now)!;

        Assert.Equal(RegistrationChallenges<int>.ChallengeSize, challenge.Length);
        Assert.Equal(ChallengeCheck.Valid, challenges.Redeem(1, "a", challenge, Now.AddSeconds(1)));
        Assert.Equal(ChallengeCheck.Unknown, challenges.Redeem(1, "a", challenge, Now.AddSeconds(2)));
        Assert.Equal(0, challenges.Count);
    }

    [Fact]
    public void A_repeated_request_gets_the_same_challenge_and_a_new_nonce_a_new_one()
    {
        var challenges = new RegistrationChallenges<int>(Lifetime);
        var first = challenges.Issue(1, "a", Nonce, Now)!;

        Assert.Equal(first, challenges.Issue(1, "a", Nonce, Now.AddSeconds(1)));
        var other = challenges.Issue(1, "a", [9, 9, 9], Now.AddSeconds(1))!;
        Assert.NotEqual(first, other);
        Assert.NotEqual(first, challenges.Issue(2, "a", Nonce, Now));
        // Both of the agent's outstanding challenges count: the latest request does not void an answer on its way.
        Assert.Equal(ChallengeCheck.Valid, challenges.Redeem(1, "a", first, Now.AddSeconds(2)));
        Assert.Equal(ChallengeCheck.Valid, challenges.Redeem(1, "a", other, Now.AddSeconds(2)));
    }

    [Fact]
    public void A_stale_challenge_is_expired_and_used_up()
    {
        var challenges = new RegistrationChallenges<int>(Lifetime);
        var challenge = challenges.Issue(1, "a", Nonce, Now)!;

        Assert.Equal(ChallengeCheck.Expired, challenges.Redeem(1, "a", challenge, Now + Lifetime));
        Assert.Equal(ChallengeCheck.Unknown, challenges.Redeem(1, "a", challenge, Now));
        // A request after the lifetime gets a fresh challenge, not the stale one.
        var again = challenges.Issue(1, "a", Nonce, Now + Lifetime);
        Assert.NotEqual(challenge, again);
    }

    [Fact]
    public void Another_agent_or_another_name_cannot_answer_a_challenge_and_does_not_use_it_up()
    {
        var challenges = new RegistrationChallenges<int>(Lifetime);
        var challenge = challenges.Issue(1, "a", Nonce, Now)!;

        Assert.Equal(ChallengeCheck.Unknown, challenges.Redeem(2, "a", challenge, Now));
        Assert.Equal(ChallengeCheck.Unknown, challenges.Redeem(1, "b", challenge, Now));
        Assert.Equal(ChallengeCheck.Unknown, challenges.Redeem(1, "a", new byte[32], Now));
        Assert.Equal(ChallengeCheck.Valid, challenges.Redeem(1, "a", challenge, Now));
    }

    [Fact]
    public void Beyond_the_capacity_expired_challenges_make_room_and_live_ones_refuse_new_requests()
    {
        var challenges = new RegistrationChallenges<int>(Lifetime, capacity: 2);
        Assert.NotNull(challenges.Issue(1, "a", Nonce, Now));
        Assert.NotNull(challenges.Issue(2, "b", Nonce, Now.AddSeconds(10)));

        Assert.Null(challenges.Issue(3, "c", Nonce, Now.AddSeconds(20)));
        Assert.NotNull(challenges.Issue(3, "c", Nonce, Now + Lifetime));
        Assert.Equal(2, challenges.Count);
    }
}
