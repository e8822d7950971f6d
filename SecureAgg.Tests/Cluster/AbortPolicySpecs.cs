using SecureAgg.Actors.Cluster;

namespace SecureAgg.Tests.Cluster;

/// <summary>Aborted sessions stop the server only when they keep aborting.</summary>
public sealed class AbortPolicySpecs
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Fewer_aborts_in_a_row_than_the_maximum_go_on(int aborts) => Assert.Null(AbortPolicy.Default.GiveUp(aborts, "too few clients"));

    [Fact]
    public void The_maximum_in_a_row_stops_the_server_with_the_count_and_the_last_reason()
    {
        var reason = AbortPolicy.Default.GiveUp(3, "too few clients in round share");

        Assert.NotNull(reason);
        Assert.StartsWith("3 sessions in a row aborted, the last with: too few clients in round share", reason);
    }

    [Fact]
    public void The_maximum_is_three() => Assert.Equal(3, AbortPolicy.Default.MaxConsecutiveAborts);
}
