using System.Reflection;
using Akka.Configuration;
using SecureAgg.Host.Cluster;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Simulate;
using SecureAgg.Host.Train;

namespace SecureAgg.Tests.Configuration;

/// <summary>
/// Config files are checked before Akka's HOCON parser sees them (<see cref="HoconLimits"/>): every problem is one
/// line naming the file and, where there is one, the line. The inputs that overflow the parser's stack run as a
/// process in <see cref="Host.BadInputSpecs"/>, so a regression fails one test instead of killing the test host.
/// </summary>
public sealed class HoconFileSpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "secagg-tests", "hocon-" + Guid.NewGuid().ToString("N"));

    public HoconFileSpecs() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text, string name = "test.hocon")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Refused(string text) => Assert.Throws<HoconTextException>(() => HoconTextCheck.Check(text)).Message;

    private static string HoconFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "hocon", "simulation.hocon")))
                return Path.Combine(dir.FullName, "hocon");
        }
        throw new InvalidOperationException("hocon/ not found above the test folder.");
    }

    [Fact]
    public void Every_shipped_file_passes_the_checks_with_its_command_block()
    {
        var files = Directory.GetFiles(HoconFolder(), "*.hocon");
        Assert.True(files.Length >= 7);
        foreach (var file in files)
        {
            var block = new[] { SimulationOptions.Block, TrainOptions.Block, ServerOptions.Block, ClientOptions.Block, SecureAgg.Host.Experiment.ExperimentOptions.Block,
                SecureAgg.Host.Experiment.TrainExperimentOptions.Block }.Single(b => HoconFile.Load(file).HasPath(b));
            HoconFile.Load(file, block);
        }
    }

    [Fact]
    public void Akkas_own_reference_configs_pass_the_text_check()
    {
        // Real HOCON with comments, quoted keys, lists and substitutions: the check must not refuse what the parser reads.
        var configs = Directory.GetFiles(AppContext.BaseDirectory, "Akka*.dll").Select(Assembly.LoadFrom)
            .SelectMany(assembly => assembly.GetManifestResourceNames().Where(name => name.EndsWith(".conf", StringComparison.Ordinal))
                .Select(name => (Name: name, Text: new StreamReader(assembly.GetManifestResourceStream(name)!).ReadToEnd())))
            .ToArray();
        Assert.True(configs.Length >= 5, string.Join(", ", configs.Select(c => c.Name)));
        foreach (var (name, text) in configs)
        {
            var problem = Record.Exception(() => HoconTextCheck.Check(text));
            Assert.True(problem is null, $"{name}: {problem?.Message}");
        }
    }

    [Theory]
    [InlineData("secagg.simulation {\n  clients = 5\n", "line 1: '{' is never closed")]
    [InlineData("a {\n  b = [1, 2\n}\n", "line 3: '}' closes the '[' opened on line 2")]
    [InlineData("secagg.simulation { clients = 5 } }\nsecagg.simulation.rounds = 99\n", "line 1: '}' closes nothing (the parser would ignore the rest of the file)")]
    [InlineData("a = 1\nb = ]\n", "line 2: ']' closes nothing")]
    [InlineData("a = \"open\nb = 2\n", "line 1: a \" string is not closed on its line")]
    [InlineData("a = \"\"\"never\n", "line 1: a \"\"\" string is never closed")]
    [InlineData("a = ${b\n", "line 1: a ${ substitution is not closed on its line")]
    public void Unbalanced_brackets_and_strings_are_refused_with_the_line(string text, string message) =>
        Assert.Equal(message, Refused(text));

    [Fact]
    public void Brackets_in_strings_and_comments_do_not_count()
    {
        HoconTextCheck.Check("a = \"{[\" # }]\nb = \"\"\"}\n]\"\"\" // {\nc = \"\\\"{\"\n");
        HoconTextCheck.Check("url = \"http://x/{\"\n");
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Nesting_is_limited_to_64_levels_of_brackets(int depth, bool accepted)
    {
        var text = "a = " + new string('[', depth) + new string(']', depth);
        if (accepted)
            HoconTextCheck.Check(text);
        else
            Assert.Equal("line 1: nesting deeper than 64 levels", Refused(text));
    }

    [Fact]
    public void Dotted_keys_count_towards_the_nesting_and_long_paths_are_refused()
    {
        Assert.Equal("line 1: nesting deeper than 64 levels", Refused(string.Join('.', Enumerable.Repeat("a", 40)) + " { " + string.Join('.', Enumerable.Repeat("b", 30)) + " = 1 }"));
        Assert.Equal("line 1: a dotted key or value with 65 segments; at most 64", Refused(string.Join('.', Enumerable.Repeat("a", 65)) + " = 1"));
        Assert.Equal("line 1: a substitution's path with 65 segments; at most 64", Refused("a = ${" + string.Join('.', Enumerable.Repeat("b", 65)) + "}"));
    }

    [Theory]
    [InlineData("secagg.simulation.clients = ${secagg.simulation.clients}", "line 1: ${secagg.simulation.clients} depends on its own value (it is written at secagg.simulation.clients)")]
    [InlineData("a { b = 1, c = ${a} }", "line 1: ${a} depends on its own value (it is written at a.c)")]
    [InlineData("a = ${a.b}", "line 1: ${a.b} depends on its own value (it is written at a)")]
    [InlineData("a = 1\na = ${a} 2", "line 2: ${a} depends on its own value (it is written at a)")]
    [InlineData("a = ${b}\nb = ${c.d}\nc { d = ${a} }", "line 1: ${b} depends on its own value: ${b} → ${c.d} → ${a} → ${b}")]
    [InlineData("x { y = [ { z = ${x} } ] }", "line 1: ${x} depends on its own value (it is written at x.y.z)")]
    public void Substitutions_that_depend_on_their_own_value_are_refused(string text, string message) =>
        Assert.Equal(message, Refused(text));

    [Fact]
    public void Substitutions_of_other_values_still_work()
    {
        var path = Write("shared { timeout = 750ms }\nsecagg.simulation { round-timeout = ${shared.timeout}, clients = 9 }\nsecagg.simulation.rounds = ${secagg.simulation.clients}\n");

        var settings = SimulationConfig.From(HoconFile.Load(path, SimulationOptions.Block));

        Assert.Equal(TimeSpan.FromMilliseconds(750), settings.RoundTimeout);
        Assert.Equal(9, settings.Rounds);
    }

    [Fact]
    public void More_than_64_substitutions_are_refused()
    {
        var text = "a = 1\n" + string.Concat(Enumerable.Range(0, 65).Select(i => $"b{i} = ${{a}}\n"));
        Assert.Equal("line 66: more than 64 substitutions", Refused(text));
    }

    [Fact]
    public void Substitutions_that_multiply_values_past_a_million_are_refused()
    {
        var lines = new List<string> { "l0 = [" + string.Join(',', Enumerable.Repeat("1", 100)) + "]" };
        for (var i = 1; i < 12; i++)
            lines.Add($"l{i} = [${{l{i - 1}}}, ${{l{i - 1}}}, ${{l{i - 1}}}]");
        var path = Write(string.Join('\n', lines) + "\nsecagg.simulation {}\n");

        var error = Assert.Throws<ArgumentException>(() => HoconFile.Load(path, SimulationOptions.Block));
        Assert.Equal($"Config file '{path}' has 26,572,001 values after substitution; at most 1,000,000.", error.Message);
    }

    [Fact]
    public void A_file_over_1_MiB_is_refused_before_it_is_read()
    {
        var path = Write("# " + new string('x', (int)HoconLimits.MaxFileBytes) + "\nsecagg.simulation {}\n");

        var error = Assert.Throws<ArgumentException>(() => HoconFile.Load(path, SimulationOptions.Block));
        Assert.Equal($"Config file '{path}' is 1,048,600 bytes; a config file may have at most 1,048,576 (1 MiB).", error.Message);
    }

    [Fact]
    public void The_file_and_line_are_named_for_a_text_problem()
    {
        var path = Write("secagg.simulation {\n  clients = 5\n\n");

        var error = Assert.Throws<ArgumentException>(() => HoconFile.Load(path, SimulationOptions.Block));
        Assert.Equal($"Config file '{path}', line 1: '{{' is never closed.", error.Message);
    }

    [Theory]
    [InlineData("", SimulationOptions.Block)]
    [InlineData("# only a comment\n", TrainOptions.Block)]
    [InlineData("secagg.simulation { clients = 5 }", ServerOptions.Block)]
    [InlineData("akka.loglevel = INFO", ClientOptions.Block)]
    [InlineData("secagg.server { port = 1 }", SimulationOptions.Block)]
    public void A_file_without_the_commands_block_is_refused_rather_than_run_on_defaults(string text, string block)
    {
        var path = Write(text);

        var error = Assert.Throws<ArgumentException>(() => HoconFile.Load(path, block));
        Assert.Equal($"Config file '{path}' has no {block} block.", error.Message);
    }

    [Theory]
    [InlineData("secagg.simulation = null", "secagg.simulation = null: leave the key out for its default.")]
    [InlineData("secagg.simulation.dropout = null", "secagg.simulation.dropout = null: leave the key out for its default.")]
    [InlineData("secagg.simulation.clients = null", "secagg.simulation.clients = null: leave the key out for its default.")]
    [InlineData("secagg.simulation.clients = {}", "secagg.simulation.clients has a value of the wrong type: an empty list or block where a single value belongs.")]
    [InlineData("secagg.simulation.seed = []", "secagg.simulation.seed has a value of the wrong type: an empty list or block where a single value belongs.")]
    public void Null_or_an_empty_block_where_a_value_belongs_is_refused_not_read_as_the_default(string text, string message)
    {
        var file = HoconFile.Load(Write(text), SimulationOptions.Block);

        Assert.Equal(message, Assert.Throws<ArgumentException>(() => SimulationConfig.From(file)).Message);
    }

    [Fact]
    public void Empty_lists_and_blocks_where_they_belong_still_mean_none()
    {
        var settings = SimulationConfig.From(HoconFile.Load(Write("secagg.simulation {\n  sweep = []\n  dropout { mask { clients = [] } }\n  journal = \"\"\n}\n"), SimulationOptions.Block));

        Assert.Empty(settings.Sweep);
        Assert.Null(settings.Journal);
    }

    [Theory]
    [InlineData("secagg.simulation = 5", SimulationOptions.Block)]
    [InlineData("secagg.train = 5", TrainOptions.Block)]
    [InlineData("secagg.server = [1]", ServerOptions.Block, "a list")]
    [InlineData("secagg.client = \"x\"", ClientOptions.Block, "a single value")]
    [InlineData("secagg.simulation.dropout = [1, 2]", "secagg.simulation.dropout", "a list")]
    public void A_value_where_the_block_belongs_is_refused_in_one_line(string text, string block, string got = "a single value")
    {
        var file = HoconFile.Load(Write(text), block);

        var error = Assert.Throws<ArgumentException>(() => block switch
        {
            ServerOptions.Block => (object)ServerNodeConfig.Load(file),
            ClientOptions.Block => ClientNodeConfig.Load(file),
            TrainOptions.Block => TrainConfig.Load(file),
            _ => SimulationConfig.Load(file),
        });
        Assert.EndsWith(block.Contains("dropout") ? $"{block} has a value of the wrong type: it must be a block of settings ({block} {{ ... }}), got {got}."
            : $"{block} must be a block of settings ({block} {{ ... }}), not {got}.", error.Message);
    }
}
