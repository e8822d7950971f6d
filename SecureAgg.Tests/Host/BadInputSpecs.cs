using SecureAgg.Host.Keys;
using SecureAgg.Host.Report;
using SecureAgg.Tests.Processes;

namespace SecureAgg.Tests.Host;

/// <summary>
/// Bad input ends in one line on stderr and exit code 2, before any work starts (issue #11, item 4). As real
/// processes, because the line and the exit code are what the program prints and returns, and because three of these
/// inputs once overflowed the HOCON parser's stack, which no handler can catch: a regression fails one test here
/// rather than killing the test host.
/// </summary>
public sealed class BadInputSpecs : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "secagg-tests", "bad-input-" + Guid.NewGuid().ToString("N"));

    public BadInputSpecs() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertOneLine(SecaggResult run, string line)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}; stderr: {run.Error}");
        Assert.Equal(line, run.Error);
    }

    public static TheoryData<string, string, string> ParserKillers => new()
    {
        { "self-reference", "secagg.simulation.clients = ${secagg.simulation.clients}\n",
            "line 1: ${secagg.simulation.clients} depends on its own value (it is written at secagg.simulation.clients)." },
        { "100,000 [", "secagg.simulation.sweep = " + new string('[', 100_000) + "\n", "line 1: nesting deeper than 64 levels." },
        { "50,000 segments", string.Join('.', Enumerable.Repeat("a", 50_000)) + " = 1\n", "line 1: a dotted key or value with 50000 segments; at most 64." },
    };

    [Theory]
    [MemberData(nameof(ParserKillers))]
    public void Hocon_that_overflowed_the_parsers_stack_is_one_line_naming_the_file_and_line(string label, string text, string problem)
    {
        var config = Write("bad.hocon", text);

        var run = SecaggProcess.Run(Timeout, "simulate", "--config", config, "--out", Path.Combine(_folder, "out"));

        AssertOneLine(run, $"secagg simulate: Config file '{config}', {problem}");
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")), label);
    }

    [Theory]
    [InlineData("simulate", "secagg.simulation")]
    [InlineData("train", "secagg.train")]
    [InlineData("server", "secagg.server")]
    [InlineData("client", "secagg.client")]
    public void An_empty_config_file_is_refused_rather_than_run_on_the_defaults(string command, string block)
    {
        var config = Write("empty.hocon", "");

        AssertOneLine(SecaggProcess.Run(Timeout, command, "--config", config), $"secagg {command}: Config file '{config}' has no {block} block.");
    }

    [Fact]
    public void A_server_file_given_to_a_client_is_refused_rather_than_ignored()
    {
        var config = Write("server-only.hocon", "secagg.server { port = 4053 }\nakka.loglevel = INFO\n");

        AssertOneLine(SecaggProcess.Run(Timeout, "client", "--config", config), $"secagg client: Config file '{config}' has no secagg.client block.");
    }

    [Fact]
    public void An_unclosed_brace_is_refused_with_its_line()
    {
        var config = Write("unclosed.hocon", "# settings\nsecagg.simulation {\n  clients = 5\n");

        AssertOneLine(SecaggProcess.Run(Timeout, "simulate", "--config", config), $"secagg simulate: Config file '{config}', line 2: '{{' is never closed.");
    }

    [Fact]
    public void A_zero_round_timeout_in_the_file_is_refused_like_the_flag()
    {
        var config = Write("zero.hocon", "secagg.simulation.round-timeout = 0s\n");

        AssertOneLine(SecaggProcess.Run(Timeout, "simulate", "--config", config), "secagg simulate: secagg.simulation.round-timeout must be positive, e.g. 2s, got 0s.");
        AssertOneLine(SecaggProcess.Run(Timeout, "simulate", "--round-timeout", "0s"), "secagg simulate: secagg.simulation.round-timeout (--round-timeout) must be positive, e.g. 2s, got 0s.");
    }

    [Fact]
    public void An_output_folder_that_cannot_be_made_is_one_line_for_every_command_before_any_work()
    {
        var file = Write("a-file", "x");
        var bad = Path.Combine(file, "out");
        var cause = $"cannot be written: '{file}' is a file, not a folder.";
        var keys = Path.Combine(_folder, "keys");
        KeyFiles.WriteServerIdentity(keys);

        AssertOneLine(SecaggProcess.Run(Timeout, "simulate", "--out", bad), $"secagg simulate: The output folder '{bad}' {cause}");
        AssertOneLine(SecaggProcess.Run(Timeout, "train", "--out", bad, "--data", "/nonexistent"), $"secagg train: The output folder '{bad}' {cause}");
        AssertOneLine(SecaggProcess.Run(Timeout, "server", "--out", bad, "--identity", Path.Combine(keys, KeyFiles.ServerKey), "--open-enrolment", "--insecure-transport"),
            $"secagg server: The output folder '{bad}' {cause}");
        AssertOneLine(SecaggProcess.Run(Timeout, "keys", "--out", bad), $"secagg keys: The output folder '{bad}' {cause}");
        AssertOneLine(SecaggProcess.Run(Timeout, "pki", "--nodes", "node1", "--out", bad), $"secagg pki: The output folder '{bad}' {cause}");
        AssertOneLine(SecaggProcess.Run(Timeout, "bench", "--clients", "5", "--length", "10", "--csv", Path.Combine(bad, "rows.csv")),
            $"secagg bench: The folder '{bad}' {cause}");
    }

    [Fact]
    public void An_output_folder_under_proc_names_where_it_cannot_be_made()
    {
        if (!Directory.Exists("/proc/self"))
            return;
        AssertOneLine(SecaggProcess.Run(Timeout, "simulate", "--out", "/proc/foo"), "secagg simulate: The output folder '/proc/foo' cannot be written: no folder can be created in '/proc'.");
    }

    [Fact]
    public async Task A_report_csv_that_cannot_be_written_is_refused_before_the_journal_is_read()
    {
        var file = Write("a-file", "x");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await ReportCommand.RunAsync($"sqlite:{Path.Combine(_folder, "none.db")}", null, Path.Combine(file, "rows.csv"), null, output, error);

        Assert.Equal(2, code);
        Assert.Equal($"secagg report: The folder '{file}' cannot be written: '{file}' is a file, not a folder.{Environment.NewLine}", error.ToString());
        Assert.False(File.Exists(Path.Combine(_folder, "none.db")));
    }

    [Theory]
    [InlineData("bench")]
    [InlineData("simulate")]
    public void A_run_too_big_for_the_machines_memory_is_refused_before_allocating(string command)
    {
        string[] output = command == "simulate" ? ["--out", Path.Combine(_folder, "out")] : [];
        var run = SecaggProcess.Run(Timeout, [command, "--clients", "100000", "--length", "1", .. output]);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain('\n', run.Error);
        Assert.StartsWith($"secagg {command}: this {(command == "bench" ? "round" : "simulation")} needs about 9.3 TiB of memory (n = 100,000 clients × m = 1 words", run.Error);
        Assert.Contains("this machine has; use fewer clients, a shorter vector or secagg+.", run.Error);
    }

    [Fact]
    public void A_data_folder_named_by_data_or_the_environment_that_is_missing_is_one_line_and_no_download()
    {
        var missing = Path.Combine(_folder, "no-such-data");
        var keys = Path.Combine(_folder, "keys");
        KeyFiles.WriteServerIdentity(keys);

        AssertOneLine(SecaggProcess.Run(Timeout, "train", "--data", missing, "--out", Path.Combine(_folder, "out")), $"secagg train: data folder {missing} does not exist (--data)");
        AssertOneLine(SecaggProcess.Run(Timeout, "client", "--data", missing, "--seed-node", "akka.tcp://secagg@127.0.0.1:4053",
            "--server-key", Path.Combine(keys, KeyFiles.ServerPublicKey), "--insecure-transport"), $"secagg client: data folder {missing} does not exist (--data)");
        AssertOneLine(SecaggProcess.Run(Timeout, "server", "--train", "--data", missing, "--identity", Path.Combine(keys, KeyFiles.ServerKey), "--open-enrolment",
            "--insecure-transport", "--out", Path.Combine(_folder, "out")), $"secagg server: data folder {missing} does not exist (--data)");
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void A_host_name_with_a_quote_is_refused_before_it_reaches_akkas_config()
    {
        var keys = Path.Combine(_folder, "keys");
        KeyFiles.WriteServerIdentity(keys);

        AssertOneLine(SecaggProcess.Run(Timeout, "server", "--hostname", "127.0.0.1\"x", "--identity", Path.Combine(keys, KeyFiles.ServerKey), "--open-enrolment",
                "--insecure-transport", "--out", Path.Combine(_folder, "out")),
            "secagg server: secagg.server.hostname (--hostname) must be a host name (letters, digits, '-' and '.') or an IP address, got '127.0.0.1\"x'.");
        AssertOneLine(SecaggProcess.Run(Timeout, "client", "--seed-node", "akka.tcp://secagg@a_b:4053", "--server-key", Path.Combine(keys, KeyFiles.ServerPublicKey),
                "--insecure-transport"),
            "secagg client: Seed node 'akka.tcp://secagg@a_b:4053' is not an address such as akka.tcp://secagg@server:4053 " +
            "(its host 'a_b' is not a host name (letters, digits, '-' and '.') or an IP address).");
    }
}
