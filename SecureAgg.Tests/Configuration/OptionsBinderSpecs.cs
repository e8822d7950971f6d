using System.CommandLine;
using Akka.Configuration;
using SecureAgg.Host.Cluster;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Simulate;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Tests.Configuration;

/// <summary>One binding for every command: built-in defaults, then the HOCON file, then the flags typed on the command line.</summary>
public sealed class OptionsBinderSpecs
{
    private static Config Hocon(string text) => ConfigurationFactory.ParseString(text);

    private static (FlagBindings Flags, ParseResult Result) Parse(string commandLine)
    {
        var clients = new Option<int>("--clients") { DefaultValueFactory = _ => 20 };
        var timeout = new Option<string>("--round-timeout") { DefaultValueFactory = _ => "2s" };
        var security = new Option<string>("--security") { DefaultValueFactory = _ => "semi-honest" };
        var command = new RootCommand { clients, timeout, security };
        var flags = new FlagBindings(SimulationOptions.Block).Add(clients, "clients").Add(timeout, "round-timeout").Add(security, "security");
        return (flags, command.Parse(commandLine));
    }

    [Fact]
    public void Typed_flags_win_over_the_file_which_wins_over_the_built_in_defaults()
    {
        var file = Hocon("secagg.simulation { clients = 30, rounds = 7, round-timeout = 750ms, security = active }");
        var (flags, result) = Parse("--clients 50");

        var options = SettingsLayers.Bind<SimulationOptions>(file, SimulationOptions.Block, flags, result);

        Assert.Equal(50, options.Clients);                                   // flag
        Assert.Equal(7, options.Rounds);                                     // file
        Assert.Equal(TimeSpan.FromMilliseconds(750), options.RoundTimeout.Value); // file: the flag's default was not typed
        Assert.Equal("active", options.Security);                            // file
        Assert.Equal(new SimulationOptions().Length, options.Length);        // built in
    }

    [Fact]
    public void A_value_from_a_flag_is_validated_like_one_from_the_file_and_the_error_names_key_and_flag()
    {
        var (flags, result) = Parse("--round-timeout 0s");
        var error = Assert.Throws<ArgumentException>(() => SettingsLayers.Bind<SimulationOptions>(null, SimulationOptions.Block, flags, result));
        Assert.Equal("secagg.simulation.round-timeout (--round-timeout) must be positive, e.g. 2s, got 0s.", error.Message);

        var fromFile = Assert.Throws<ArgumentException>(() => SimulationConfig.From(Hocon("secagg.simulation.round-timeout = 0s")));
        Assert.Equal("secagg.simulation.round-timeout must be positive, e.g. 2s, got 0s.", fromFile.Message);
    }

    [Fact]
    public void A_bad_flag_value_is_a_wrong_type_error_naming_the_flag()
    {
        var (flags, result) = Parse("--round-timeout soon");
        var error = Assert.Throws<ArgumentException>(() => SettingsLayers.Bind<SimulationOptions>(null, SimulationOptions.Block, flags, result));
        Assert.StartsWith("secagg.simulation.round-timeout (--round-timeout) has a value of the wrong type: 'soon' is not a duration", error.Message);
    }

    [Theory]
    [InlineData("secagg.simulation.mode = active", "secagg.simulation.mode was renamed to security (same values), got 'active'.")]
    [InlineData("secagg.server.mode = active", "secagg.server.mode was renamed to security (same values), got 'active'.")]
    public void The_old_mode_key_is_refused_with_its_new_name_not_silently_ignored(string hocon, string message)
    {
        var error = hocon.StartsWith("secagg.server", StringComparison.Ordinal)
            ? Assert.Throws<ArgumentException>(() => ServerNodeConfig.From(Hocon(hocon)))
            : Assert.Throws<ArgumentException>(() => SimulationConfig.From(Hocon(hocon)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_security_key_sets_the_mode_in_every_block()
    {
        Assert.Equal(SecurityMode.Active, SimulationConfig.From(Hocon("secagg.simulation.security = active")).Mode);
        Assert.Equal(SecurityMode.Active, ServerNodeConfig.From(Hocon("secagg.server.security = active")).Mode);
        Assert.Throws<ArgumentException>(() => SimulationConfig.From(Hocon("secagg.simulation.security = paranoid")));
    }

    [Theory]
    [InlineData("secagg.simulation.dropout.mask.probabilty = 0.1", "Unknown key secagg.simulation.dropout.mask.probabilty; known keys: probability, clients.")]
    [InlineData("secagg.simulation.dropout.mask.clients = 3", "secagg.simulation.dropout.mask.clients has a value of the wrong type: it must be a list, e.g. [ ... ], got '3'.")]
    [InlineData("secagg.simulation.dropout.mask.clients = [1, x]", "secagg.simulation.dropout.mask.clients has a value of the wrong type:")]
    [InlineData("secagg.simulation.dropout.share.probability = -0.5", "secagg.simulation.dropout.share.probability is a probability between 0 and 1, got -0.5.")]
    [InlineData("secagg.simulation.serialize-messages = perhaps", "secagg.simulation.serialize-messages has a value of the wrong type: 'perhaps' is not on/off")]
    public void Nested_keys_are_checked_and_named_by_their_full_path(string hocon, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => SimulationConfig.From(Hocon(hocon)));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Lists_and_nested_blocks_bind_from_hocon()
    {
        var settings = SimulationConfig.From(Hocon("""
            secagg.simulation {
              sweep = [0, 0.25, 0.5]
              dropout.mask { probability = 0.1, clients = [3, 5] }
              serialize-messages = on
            }
            """));
        Assert.Equal(new[] { 0, 0.25, 0.5 }, settings.Sweep);
        var mask = settings.Dropouts.Rounds[ProtocolRound.MaskedInputCollection];
        Assert.Equal(0.1, mask.Probability);
        Assert.Equal(new[] { 3, 5 }, mask.Clients);
        Assert.Single(settings.Dropouts.Rounds);
        Assert.True(settings.SerializeMessages);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("2 seconds", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("250", 250)]
    public void Durations_are_read_as_hocon_writes_them(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Duration.Parse(text).Value);

    [Theory]
    [InlineData("-1s")]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    [InlineData("")]
    [InlineData("1e400s")]
    public void Anything_else_is_not_a_duration(string text) => Assert.Throws<FormatException>(() => Duration.Parse(text));

    [Fact]
    public void Every_options_type_names_each_key_and_the_renamed_ones_are_not_listed()
    {
        Assert.Contains("round-timeout", OptionsBinder.Keys(typeof(SimulationOptions)));
        Assert.DoesNotContain("mode", OptionsBinder.Keys(typeof(SimulationOptions)));
        Assert.DoesNotContain("mode", OptionsBinder.Keys(typeof(ServerOptions)));
        Assert.Equal(13, OptionsBinder.Keys(typeof(ClientOptions)).Count);
    }
}
