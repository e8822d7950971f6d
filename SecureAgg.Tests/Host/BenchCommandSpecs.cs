using SecureAgg.Tests.Processes;

namespace SecureAgg.Tests.Host;

/// <summary>The <c>secagg bench</c> command, run as a real process: it checks its own aggregate and says so.</summary>
public sealed class BenchCommandSpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("secagg", "semi-honest", "mask")]
    [InlineData("secagg", "active", "unmask")]
    [InlineData("secagg+", "semi-honest", "share")]
    [InlineData("secagg+", "active", "mask")]
    public void Bench_prints_ok_after_checking_the_aggregate(string protocol, string mode, string round)
    {
        // Ten neighbours of 30 (t = 8 of 11): three dropouts can never push a neighbourhood below t.
        string[] graph = protocol == "secagg+" ? ["--neighbours", "10"] : [];
        var run = SecaggProcess.Run(Timeout, ["bench", "--clients", "30", "--length", "3000", "--bits", "24", "--dropout", "0.1",
            "--dropout-round", round, "--protocol", protocol, "--security", mode, "--seed", "4", .. graph]);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith($"bench protocol={protocol} n=30 m=3000 t=", run.LastLine);
        Assert.EndsWith(" ok", run.LastLine);
        Assert.Contains("client_avg_ms=", run.LastLine);
        Assert.Contains("MaskedInputCollection", run.Output);
        Assert.Contains(protocol == "secagg+" ? " k=10 " : " t=21 ", run.Output);
    }

    [Fact]
    public void SecAgg_plus_without_neighbours_picks_a_degree_that_is_safe_at_the_dropout_rate()
    {
        var run = SecaggProcess.Run(Timeout, "bench", "--clients", "200", "--length", "100", "--dropout", "0.05", "--protocol", "secagg+");

        Assert.Equal(0, run.ExitCode);
        var k = int.Parse(System.Text.RegularExpressions.Regex.Match(run.Output, @" k=(\d+) ").Groups[1].Value);
        Assert.InRange(k, 24, 198);
        Assert.EndsWith(" ok", run.LastLine);
    }

    [Fact]
    public void Too_many_dropouts_fail_with_a_clear_error_and_no_ok()
    {
        var run = SecaggProcess.Run(Timeout, "bench", "--clients", "12", "--length", "100", "--dropout", "0.5", "--dropout-round", "mask");

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain(" ok", run.Output);
        Assert.Contains("aborted after MaskedInputCollection: 6 survivors, below the threshold t = 9", run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--threshold", "200", "exceeds the client count")]
    [InlineData("--bits", "70", "between 8 and 62")]
    [InlineData("--dropout", "1.5", "between 0 and 1")]
    public void Bad_parameters_are_refused_with_exit_code_2(string option, string value, string message)
    {
        var run = SecaggProcess.Run(Timeout, "bench", "--clients", "100", "--length", "10", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void An_unknown_protocol_is_a_usage_error()
    {
        var run = SecaggProcess.Run(Timeout, "bench", "--protocol", "flower");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("flower", run.Error);
    }
}
