using System.Text.Json;
using System.Text.RegularExpressions;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Simulate;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Tests.Processes;

namespace SecureAgg.Tests.Host;

/// <summary><c>secagg simulate</c> as a real process, and the HOCON files it ships with.</summary>
public sealed class SimulateCommandSpecs : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _out = Path.Combine(Path.GetTempPath(), "secagg-tests", "simulate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
            Directory.Delete(_out, recursive: true);
    }

    private static string HoconFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon");
            if (File.Exists(Path.Combine(candidate, "simulation.hocon")))
                return candidate;
        }
        throw new InvalidOperationException("hocon/ not found above the test folder.");
    }

    [Fact]
    public void The_shipped_simulation_hocon_says_exactly_the_built_in_defaults()
    {
        var shipped = SimulationConfig.From(HoconFile.Load(Path.Combine(HoconFolder(), "simulation.hocon")));
        var builtIn = SimulationConfig.From(null);

        Assert.Equal(builtIn with { Dropouts = shipped.Dropouts, Sweep = shipped.Sweep }, shipped);
        Assert.Empty(shipped.Dropouts.Rounds);
        Assert.Empty(shipped.Sweep);
    }

    [Fact]
    public void Every_shipped_hocon_file_loads_and_validates()
    {
        // Cluster node files (server.hocon, client.hocon) have their own blocks and specs.
        var files = Directory.GetFiles(HoconFolder(), "*.hocon").Where(file => HoconFile.Load(file).HasPath("secagg.simulation")).ToArray();
        Assert.True(files.Length >= 3);
        foreach (var file in files)
            SimulationConfig.From(HoconFile.Load(file)).Validate();

        var sweep = SimulationConfig.From(HoconFile.Load(Path.Combine(HoconFolder(), "dropout-sweep.hocon")));
        Assert.Equal([0, 0.1, 0.3, 0.5], sweep.Sweep);
        Assert.Equal(ProtocolRound.MaskedInputCollection, sweep.SweepRound);
        Assert.Equal(4, sweep.Experiments().Count);
        var active = SimulationConfig.From(HoconFile.Load(Path.Combine(HoconFolder(), "active-secaggplus.hocon")));
        Assert.Equal([7, 42], active.Dropouts.Rounds[ProtocolRound.ShareKeys].Clients);
    }

    [Fact]
    public void A_simulation_with_dropouts_ends_with_ok_and_writes_metrics_and_summary()
    {
        var run = SecaggProcess.Run(Timeout, "simulate", "--clients", "12", "--rounds", "2", "--length", "300", "--dropout", "0.15",
            "--round-timeout", "400ms", "--journal", $"sqlite:{_out}/journal.db", "--out", _out, "--seed", "3");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Matches(new Regex(@"^simulate rounds=2 completed=\d aborted=\d verified=\d ok$"), run.LastLine);
        var rows = File.ReadAllLines(Path.Combine(_out, "metrics.csv"));
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("experiment_dropout,round,session,clients", rows[0]);
        Assert.True(File.Exists(Path.Combine(_out, "journal.db")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "summary.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("total_rounds").GetInt32());
        var completed = summary.RootElement.GetProperty("completed").GetInt32();
        Assert.Equal(completed, summary.RootElement.GetProperty("verified").GetInt32());
    }

    [Fact]
    public void Too_many_dropouts_are_reported_as_aborted_rounds_not_failures()
    {
        Directory.CreateDirectory(_out);
        var config = Path.Combine(_out, "abort.hocon");
        // The mask round waits its whole deadline for the three silent clients; 5 s is far more than a live one takes.
        File.WriteAllText(config, "secagg.simulation { clients = 6, rounds = 1, length = 50, round-timeout = 5s, dropout.mask.clients = [1, 2, 3] }");

        var run = SecaggProcess.Run(Timeout, "simulate", "--config", config, "--journal", "memory", "--out", _out);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal("simulate rounds=1 completed=0 aborted=1 verified=0 ok", run.LastLine);
        Assert.Contains("aborted: Aborted after MaskedInputCollection: 3 survivors, below the threshold t = 5", run.Output);
        Assert.Contains("aborted", File.ReadAllLines(Path.Combine(_out, "metrics.csv"))[1]);
    }

    [Theory]
    [InlineData("missing.hocon", "", "does not exist")]
    [InlineData("bad.hocon", "secagg.simulation { protocol = flower }", "must be secagg or secagg+")]
    [InlineData("bad.hocon", "secagg.simulation { dropout.share.probability = 1.5 }", "between 0 and 1")]
    [InlineData("bad.hocon", "secagg.simulation { dropout.share.clients = [99] }", "names client 99")]
    [InlineData("bad.hocon", "secagg.simulation { clients = 10, threshold = 11 }", "exceeds the client count")]
    [InlineData("bad.hocon", "secagg.simulation { {{ oops", "bad.hocon', line 1: '{' is never closed.")]
    [InlineData("bad.hocon", "secagg.simulation { client = 5 }", "Unknown key secagg.simulation.client")]
    [InlineData("bad.hocon", "secagg.simulation { dropout.masked.probability = 0.1 }", "Unknown key secagg.simulation.dropout.masked; known keys: advertise, share, mask, consistency, unmask.")]
    [InlineData("bad.hocon", "secagg.simulation { clients = abc }", "wrong type")]
    [InlineData("bad.hocon", "other { clients = 5 }", "no secagg.simulation block")]
    public void Bad_configuration_is_refused_with_a_clear_message_and_exit_code_2(string name, string content, string message)
    {
        Directory.CreateDirectory(_out);
        var path = Path.Combine(_out, name);
        if (content.Length > 0)
            File.WriteAllText(path, content);

        var run = SecaggProcess.Run(Timeout, "simulate", "--config", path, "--out", _out);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void A_journal_that_cannot_be_reached_is_a_failed_run_never_an_ok()
    {
        // Nothing listens on port 1: the journal check before the first round says so, in one line.
        var run = SecaggProcess.Run(Timeout, "simulate", "--clients", "5", "--rounds", "1", "--length", "10",
            "--journal", "postgres:Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2", "--out", _out);

        Assert.Equal(SecureAgg.Host.InfrastructureFailure.ExitCode, run.ExitCode);
        Assert.Contains("secagg simulate: journal postgres:Host=127.0.0.1;Port=1;Username=x;Password=***;Database=z;Timeout=2: cannot connect", run.Error);
        Assert.DoesNotContain(" ok", run.Output);
    }
}
