using SecureAgg.Host.Composition;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Transport;
using SecureAgg.Actors.Wire;
using SecureAgg.Host.Cluster;
using SecureAgg.Host.Configuration;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Tests.Host;

/// <summary>
/// The cluster nodes' configuration: the shipped hocon/server.hocon and hocon/client.hocon, the secagg.server and
/// secagg.client blocks (unknown keys, wrong types, out-of-range values), and the precedence of flags, file and
/// built-in defaults in a node's Akka config.
/// </summary>
public sealed class ClusterNodeConfigSpecs
{
    private const string Seed = "akka.tcp://secagg@10.0.0.5:4053";
    private const long DefaultFrame = ClusterAkkaConfig.ClientFrameSize;

    private static string HoconFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon");
            if (File.Exists(Path.Combine(candidate, "server.hocon")) && File.Exists(Path.Combine(candidate, "client.hocon")))
                return candidate;
        }
        throw new InvalidOperationException("hocon/ with server.hocon and client.hocon not found above the test folder.");
    }

    private static Config Shipped(string name) => HoconFile.Load(Path.Combine(HoconFolder(), name));

    private static Config Hocon(string text) => ConfigurationFactory.ParseString(text);

    private static ServerNodeConfig Server(string block) => ServerNodeConfig.From(Hocon(block));

    private static ClientNodeConfig Client(string block) => ClientNodeConfig.From(Hocon(block)) with { SeedNodes = [Seed] };

    /// <summary>Every public property equal (sequences element-wise), naming the first that differs.</summary>
    private static void AssertSameFields<T>(T expected, T actual)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var want = property.GetValue(expected);
            var got = property.GetValue(actual);
            if (want is IEnumerable<string> wantList && got is IEnumerable<string> gotList)
                Assert.True(wantList.SequenceEqual(gotList), $"{typeof(T).Name}.{property.Name}: [{string.Join(", ", wantList)}] vs [{string.Join(", ", gotList)}]");
            else
                Assert.True(Equals(want, got), $"{typeof(T).Name}.{property.Name}: built-in '{want}', file '{got}'");
        }
    }

    private static IEnumerable<string> Leaves(HoconValue value, string path)
    {
        if (!value.IsObject())
        {
            yield return path;
            yield break;
        }
        foreach (var (key, child) in value.GetObject().Items)
        {
            foreach (var leaf in Leaves(child, $"{path}.{key}"))
                yield return leaf;
        }
    }

    private static string[] BlockKeys(Config config, string block) => config.GetConfig(block).AsEnumerable().Select(entry => entry.Key).Order().ToArray();

    // ---- the shipped files ----

    [Fact]
    public void The_shipped_server_hocon_loads_validates_and_says_exactly_the_built_in_defaults()
    {
        var file = Shipped("server.hocon");
        var shipped = ServerNodeConfig.From(file);
        var builtIn = ServerNodeConfig.From(null);

        AssertSameFields(builtIn, shipped);
        Assert.Equal(4053, shipped.Port);
        Assert.Null(shipped.PublicHostname);
        Assert.Null(shipped.Journal);
        Assert.Null(shipped.Threshold);
        Assert.Null(shipped.Neighbours);
        var akka = ClusterNode.EffectiveFileConfig(file);
        Assert.Equal(DefaultFrame, ClusterAkkaConfig.MaximumFrameSize(akka));
        shipped.Validate(ClusterAkkaConfig.MaximumFrameSize(akka));
    }

    [Fact]
    public void The_shipped_client_hocon_loads_validates_with_a_seed_node_and_says_exactly_the_built_in_defaults()
    {
        var file = Shipped("client.hocon");
        var shipped = ClientNodeConfig.From(file);
        var builtIn = ClientNodeConfig.From(null);

        AssertSameFields(builtIn, shipped);
        Assert.Empty(shipped.SeedNodes);
        Assert.Null(shipped.Name);
        Assert.Equal(0, shipped.Port);
        var error = Assert.Throws<ArgumentException>(shipped.Validate);
        Assert.Contains("--seed-node", error.Message);
        (shipped with { SeedNodes = [Seed] }).Validate();
    }

    [Theory]
    [InlineData("server.hocon")]
    [InlineData("client.hocon")]
    public void The_shipped_files_document_every_key_of_their_block(string name)
    {
        var (block, options) = name == "server.hocon" ? (ServerNodeConfig.Block, typeof(ServerOptions)) : (ClientNodeConfig.Block, typeof(ClientOptions));
        var documented = BlockKeys(Shipped(name), block);
        var known = OptionsBinder.Keys(options).Order().ToArray();
        Assert.True(known.SequenceEqual(documented),
            $"{name} lacks [{string.Join(", ", known.Except(documented))}], has extra [{string.Join(", ", documented.Except(known))}]");
    }

    [Theory]
    [InlineData("server.hocon")]
    [InlineData("client.hocon")]
    public void The_akka_values_of_the_shipped_files_are_the_built_in_cluster_defaults(string name)
    {
        var file = Shipped(name);
        var defaults = Hocon(ClusterAkkaConfig.Defaults);
        var leaves = Leaves(file.GetValue("akka"), "akka").ToArray();

        Assert.True(leaves.Length >= 2, string.Join(", ", leaves));
        foreach (var leaf in leaves)
        {
            Assert.True(defaults.HasPath(leaf), $"{name}: {leaf} is not among ClusterAkkaConfig.Defaults");
            Assert.True(defaults.GetString(leaf) == file.GetString(leaf), $"{name}: {leaf} = {file.GetString(leaf)}, built-in {defaults.GetString(leaf)}");
        }
    }

    // ---- unknown keys and wrong types ----

    [Theory]
    [InlineData("secagg.server.min-client = 3", "secagg.server.min-client")]
    [InlineData("secagg.server { length = 10, vector-length = 10 }", "secagg.server.vector-length")]
    [InlineData("secagg.server.threshhold = 5", "secagg.server.threshhold")]
    [InlineData("secagg.server.seed-nodes = []", "secagg.server.seed-nodes")]
    public void Unknown_keys_in_the_server_block_are_refused_naming_the_key(string hocon, string key)
    {
        var error = Assert.Throws<ArgumentException>(() => Server(hocon));
        Assert.StartsWith($"Unknown key {key};", error.Message);
        Assert.Contains("min-clients", error.Message);
    }

    [Theory]
    [InlineData("secagg.client.seed-node = []", "secagg.client.seed-node")]
    [InlineData("secagg.client.min-clients = 3", "secagg.client.min-clients")]
    [InlineData("secagg.client { clients = 2, answer-delays = 1s }", "secagg.client.answer-delays")]
    public void Unknown_keys_in_the_client_block_are_refused_naming_the_key(string hocon, string key)
    {
        var error = Assert.Throws<ArgumentException>(() => ClientNodeConfig.From(Hocon(hocon)));
        Assert.StartsWith($"Unknown key {key};", error.Message);
        Assert.Contains("seed-nodes", error.Message);
    }

    [Fact]
    public void Keys_outside_the_blocks_are_not_checked_and_the_other_nodes_block_is_ignored()
    {
        var server = ServerNodeConfig.From(Hocon("secagg.client.clients = 5\nakka.loglevel = DEBUG\nsecagg.server.port = 5000"));
        Assert.Equal(5000, server.Port);
        var client = ClientNodeConfig.From(Hocon("secagg.server.min-clients = 5\nsecagg.client.clients = 7"));
        Assert.Equal(7, client.Clients);
    }

    [Theory]
    [InlineData("secagg.server.min-clients = three")]
    [InlineData("secagg.server.port = abc")]
    [InlineData("secagg.server.port = 99999999999")]
    [InlineData("secagg.server.bits = 3.5")]
    [InlineData("secagg.server.join-timeout = soon")]
    [InlineData("secagg.server.round-timeout = 10 parsecs")]
    [InlineData("secagg.server.sessions = true")]
    public void Wrong_types_in_the_server_block_are_a_clear_argument_exception(string hocon)
    {
        var error = Assert.Throws<ArgumentException>(() => Server(hocon));
        Assert.StartsWith("secagg.server.", error.Message);
        Assert.Contains("wrong type", error.Message);
    }

    [Theory]
    [InlineData("secagg.client.clients = many")]
    [InlineData("secagg.client.port = 4.5")]
    [InlineData("secagg.client.server-wait = forever")]
    [InlineData("secagg.client.answer-delay = -1s")]
    public void Wrong_types_in_the_client_block_are_a_clear_argument_exception(string hocon)
    {
        var error = Assert.Throws<ArgumentException>(() => ClientNodeConfig.From(Hocon(hocon)));
        Assert.StartsWith("secagg.client.", error.Message);
        Assert.Contains("wrong type", error.Message);
    }

    [Theory]
    [InlineData("secagg.server.length = [1, 2]")]
    [InlineData("secagg.server.length { words = 10 }")]
    [InlineData("secagg.server.join-timeout = [1s]")]
    [InlineData("secagg.server.port.number = 4053")]
    public void A_list_or_object_where_a_number_or_duration_belongs_is_a_clear_wrong_type_error(string hocon)
    {
        var error = Assert.Throws<ArgumentException>(() => Server(hocon));
        Assert.StartsWith("secagg.server.", error.Message);
        Assert.Contains("wrong type", error.Message);
    }

    [Theory]
    [InlineData("secagg.server = 5")]
    [InlineData("secagg.server = [1, 2]")]
    [InlineData("secagg.client = \"x\"")]
    public void A_block_that_is_not_an_object_is_refused_with_an_argument_exception(string hocon)
    {
        var error = hocon.StartsWith("secagg.server", StringComparison.Ordinal)
            ? Assert.Throws<ArgumentException>(() => ServerNodeConfig.From(Hocon(hocon)))
            : Assert.Throws<ArgumentException>(() => ClientNodeConfig.From(Hocon(hocon)));
        Assert.Contains(hocon[..13], error.Message);
    }

    [Fact]
    public void Seed_nodes_given_as_a_string_instead_of_a_list_are_refused_as_the_wrong_type()
    {
        var error = Assert.Throws<ArgumentException>(() => ClientNodeConfig.From(Hocon($"secagg.client.seed-nodes = \"{Seed}\"")));
        Assert.Contains("seed-nodes", error.Message);
    }

    // ---- seed nodes ----

    [Fact]
    public void Seed_nodes_from_the_file_are_parsed_into_addresses()
    {
        var client = ClientNodeConfig.From(Hocon($"secagg.client.seed-nodes = [\"{Seed}\", \"akka.tcp://secagg@server-b.example:4060\"]"));
        client.Validate();

        var addresses = client.SeedAddresses(tls: false);
        Assert.Equal(2, addresses.Count);
        Assert.Equal(new Address("akka.tcp", "secagg", "10.0.0.5", 4053), addresses[0]);
        Assert.Equal(new Address("akka.tcp", "secagg", "server-b.example", 4060), addresses[1]);
    }

    [Fact]
    public void With_tls_a_node_dials_its_seeds_in_akka_ssl_tcp_however_they_were_written()
    {
        var client = ClientNodeConfig.From(Hocon($"secagg.client.seed-nodes = [\"{Seed}\", \"akka.ssl.tcp://secagg@server-b.example:4060\"]"));
        client.Validate();

        Assert.Equal([new Address("akka.ssl.tcp", "secagg", "10.0.0.5", 4053), new Address("akka.ssl.tcp", "secagg", "server-b.example", 4060)], client.SeedAddresses());
        Assert.Equal(new Address("akka.tcp", "secagg", "server-b.example", 4060), client.SeedAddresses(tls: false)[1]);
    }

    [Theory]
    [InlineData("akka.tcp://other@server:4053")]
    [InlineData("akka.tcp://Secagg@server:4053")]
    [InlineData("akka.tcp://server:4053")]
    [InlineData("server:4053")]
    [InlineData("secagg@server:4053")]
    [InlineData("akka.tcp://secagg@:4053")]
    [InlineData("akka.tcp://secagg@server:99999")]
    [InlineData("")]
    [InlineData("akka.tcp://secagg@under_score:4053")]
    [InlineData("akka.tcp://secagg@-lead.example:4053")]
    public void A_bad_seed_node_address_is_refused_naming_it(string seed)
    {
        var client = ClientNodeConfig.From(null) with { SeedNodes = [Seed, seed] };
        var error = Assert.Throws<ArgumentException>(client.Validate);
        Assert.StartsWith($"Seed node '{seed}' is not an address such as akka.tcp://secagg@server:4053", error.Message);
    }

    [Fact]
    public void No_seed_node_is_refused()
    {
        var error = Assert.Throws<ArgumentException>((ClientNodeConfig.From(null) with { SeedNodes = [] }).Validate);
        Assert.Contains("--seed-node akka.tcp://secagg@HOST:PORT", error.Message);
    }

    [Theory]
    [InlineData("akka.tcp://secagg@server")]
    [InlineData("akka.tcp://secagg@10.0.0.5")]
    [InlineData("http://secagg@server:4053")]
    [InlineData("akka://secagg@server:4053")]
    [InlineData("akka.udp://secagg@server:4053")]
    public void A_seed_node_without_a_port_or_not_akka_tcp_is_refused(string seed)
    {
        var client = ClientNodeConfig.From(null) with { SeedNodes = [seed] };
        var error = Assert.Throws<ArgumentException>(client.Validate);
        Assert.Contains(seed, error.Message);
    }

    // ---- out-of-range values ----

    [Theory]
    [InlineData("secagg.server.min-clients = 1", "secagg.server.min-clients must be at least 2: a session needs two clients, got 1.")]
    [InlineData("secagg.server.min-clients = -4", "secagg.server.min-clients must be at least 2: a session needs two clients, got -4.")]
    [InlineData("secagg.server.sessions = -1", "secagg.server.sessions must be 0 (until stopped) or positive, got -1.")]
    [InlineData("secagg.server.port = 65536", "secagg.server.port is not a TCP port (0 to 65535), got 65536.")]
    [InlineData("secagg.server.port = -1", "secagg.server.port is not a TCP port (0 to 65535), got -1.")]
    [InlineData("secagg.server.join-timeout = 0s", "secagg.server.join-timeout must be positive, e.g. 2s, got 0s.")]
    [InlineData("secagg.server.round-timeout = 0ms", "secagg.server.round-timeout must be positive, e.g. 2s, got 0s.")]
    [InlineData("secagg.server.round-timeout = infinite", "secagg.server.round-timeout has a value of the wrong type: 'infinite' is not a duration")]
    [InlineData("secagg.server.hostname = \" \"", "secagg.server.hostname must be a host name (letters, digits, '-' and '.') or an IP address, got")]
    [InlineData("secagg.server.hostname = \"127.0.0.1\\\"x\"", "secagg.server.hostname must be a host name (letters, digits, '-' and '.') or an IP address, got '127.0.0.1\"x'.")]
    [InlineData("secagg.server.public-hostname = \"a_b\"", "secagg.server.public-hostname must be a host name (letters, digits, '-' and '.') or an IP address, got 'a_b'.")]
    [InlineData("secagg.server.log-level = VERBOSE", "secagg.server.log-level must be one of DEBUG, INFO, WARNING, ERROR, got 'VERBOSE'.")]
    [InlineData("secagg.server.bits = 7", "secagg.server.bits must be between 8 and 62, got 7.")]
    [InlineData("secagg.server { min-clients = 3, threshold = 4 }", "Threshold t = 4 exceeds the client count n = 3")]
    [InlineData("secagg.server.journal = \"mysql:x\"", "Unknown journal 'mysql:x'")]
    public void Out_of_range_server_values_are_refused(string hocon, string reason)
    {
        // Ranges and types are refused while binding, cross-key rules by Validate: either way one line with the reason.
        var error = Assert.Throws<ArgumentException>(() => Server(hocon).Validate(DefaultFrame));
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(65535)]
    public void In_range_server_values_are_accepted(int port)
    {
        var server = Server($"secagg.server {{ port = {port}, min-clients = 2, sessions = 0, name = \"prod-eu_1.a\" }}");
        server.Validate(DefaultFrame);
        Assert.Equal(0, server.ServerSettings(DefaultFrame).Sessions);
        Assert.Equal("secagg-cluster-server-prod-eu_1.a", server.ServerSettings(DefaultFrame).PersistenceId);
    }

    [Theory]
    [InlineData("secagg.client.port = 65536", "secagg.client.port is not a TCP port (0 = any free port), got 65536.")]
    [InlineData("secagg.client.port = -1", "secagg.client.port is not a TCP port (0 = any free port), got -1.")]
    [InlineData("secagg.client.clients = 0", "secagg.client.clients must be between 1 and 10000 client actors per node, got 0.")]
    [InlineData("secagg.client.clients = 10001", "secagg.client.clients must be between 1 and 10000 client actors per node, got 10001.")]
    [InlineData("secagg.client.answer-delay = infinite", "secagg.client.answer-delay has a value of the wrong type: 'infinite' is not a duration")]
    [InlineData("secagg.client.name = \"eu/node\"", "name 'eu/node' must not contain '/'")]
    [InlineData("secagg.client.log-level = warn", "secagg.client.log-level must be one of DEBUG, INFO, WARNING, ERROR, got 'warn'.")]
    public void Out_of_range_client_values_are_refused(string hocon, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Client(hocon).Validate());
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_negative_answer_delay_is_refused()
    {
        var client = ClientNodeConfig.From(null) with { SeedNodes = [Seed], AnswerDelay = TimeSpan.FromMilliseconds(-1) };
        Assert.Equal("answer-delay must not be negative.", Assert.Throws<ArgumentException>(client.Validate).Message);
        (client with { AnswerDelay = TimeSpan.Zero }).Validate();
        (client with { AnswerDelay = TimeSpan.FromSeconds(2), Clients = 10_000, Port = 65535 }).Validate();
    }

    [Fact]
    public void A_server_wait_that_is_not_positive_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Client("secagg.client.server-wait = 0s").Validate());
        Assert.Contains("server-wait", error.Message);
    }

    [Fact]
    public void A_frame_size_too_small_for_the_masked_input_is_refused_naming_maximum_frame_size()
    {
        var file = Hocon("""
            secagg.server.length = 1000000
            akka.remote.dot-netty.tcp.maximum-frame-size = 128000b
            """);
        var server = ServerNodeConfig.From(file);
        var akka = ClusterNode.EffectiveFileConfig(file);
        Assert.Equal(128000, ClusterAkkaConfig.MaximumFrameSize(akka));

        var error = Assert.Throws<ArgumentException>(() => server.Validate(ClusterAkkaConfig.MaximumFrameSize(akka)));
        Assert.Contains("akka.remote.dot-netty.tcp.maximum-frame-size", error.Message);
        Assert.Contains("m = 1000000 words of 32 bits", error.Message);

        // The frame the server derives when the file sets none carries it (the masked inputs go in parts).
        var derived = ServerNodeConfig.From(Hocon("secagg.server.length = 1000000"));
        derived.Validate(derived.FrameSize(null, new SimulatedInputTask(derived.Length, derived.Bits)));
    }

    [Fact]
    public void The_frame_check_is_exact_at_the_largest_message()
    {
        var settings = ServerNodeConfig.From(Hocon("secagg.server.length = 1000000")).ServerSettings(DefaultFrame);
        var largest = ClusterServerSettings.LargestMessageBytes(settings.ParametersFor(settings.MinClients, settings.VectorLength, settings.Bits));
        // A 4 MB masked input goes in parts: its largest frame is one part; a short one goes whole.
        Assert.Equal(MessageChunk.PartBytes + MessageChunk.HeaderBytes, largest);
        Assert.Equal(10_000L * 32 / 8 + 256, ClusterServerSettings.LargestMessageBytes(settings.ParametersFor(settings.MinClients, 10_000, 32)));

        (settings with { MaximumFrameSize = largest }).Validate();
        Assert.Throws<ArgumentException>((settings with { MaximumFrameSize = largest - 1 }).Validate);

        // With many clients and short vectors, the server's share forwarding is the largest message.
        var manyClients = settings with { MinClients = 1000, VectorLength = 1, Bits = 8, MaximumFrameSize = 128000 };
        Assert.Equal(1000L * 512 + 256, ClusterServerSettings.LargestMessageBytes(manyClients.ParametersFor(1000, 1, 8)));
        Assert.Contains("maximum-frame-size", Assert.Throws<ArgumentException>(manyClients.Validate).Message);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("secagg prod")]
    [InlineData(" secagg")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\tname")]
    [InlineData("naïve")]
    public void A_server_name_with_a_slash_spaces_or_other_characters_is_refused(string name)
    {
        var settings = ServerNodeConfig.From(null).ServerSettings(DefaultFrame) with { Name = name };
        var error = Assert.Throws<ArgumentException>(settings.Validate);
        Assert.Contains($"name '{name}' must be letters, digits, '-', '_' or '.'", error.Message);

        var fromFile = Server($"secagg.server.name = \"{name.Replace("\t", "\\t")}\"");
        // Akka's HOCON parser drops leading whitespace inside quotes: " secagg" is read as "secagg".
        Assert.Equal(name.TrimStart(), fromFile.Name);
        if (fromFile.Name != ClusterServerSettings.DefaultName)
            Assert.Throws<ArgumentException>(() => fromFile.Validate(DefaultFrame));
    }

    // ---- a node's Akka config ----

    [Fact]
    public async Task Flags_win_over_the_files_akka_values_which_win_over_the_built_in_defaults()
    {
        var file = Hocon("""
            akka.cluster.roles = ["client"]
            akka.remote.dot-netty.tcp {
              hostname = "10.9.9.9"
              public-hostname = "file.example"
              port = 1111
              maximum-frame-size = 8388608b
            }
            akka.cluster.split-brain-resolver.stable-after = 7s
            akka.loglevel = DEBUG
            """);

        // The node the server command builds (port 0: any free port), read back from its running ActorSystem.
        await using var node = await ClusterNode.StartAsync(
            new ClusterNodeSettings(ClusterAkkaConfig.ServerRole, "127.0.0.1", null, 0, file, "WARNING"), (_, _) => { }, CancellationToken.None);
        var config = node.System.Settings.Config;

        // Flags.
        Assert.Equal(new[] { "server" }, config.GetStringList("akka.cluster.roles"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(0, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("Warning", config.GetString("akka.loglevel"), ignoreCase: true);
        Assert.Equal("OFF", config.GetString("akka.stdout-loglevel"), ignoreCase: true);
        // The file over the defaults.
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(8388608, ClusterAkkaConfig.MaximumFrameSize(config));
        // Defaults the file does not mention.
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.StartsWith("SecureAgg.Actors.Cluster.ServerAuthorityDowningProvider, SecureAgg.Actors", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal(4194304, config.GetByteSize("akka.remote.dot-netty.tcp.send-buffer-size"));
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.exit-clr"));

        await using var client = await ClusterNode.StartAsync(
            new ClusterNodeSettings(ClusterAkkaConfig.ClientRole, "127.0.0.1", "node-7.example", 0, file, "ERROR"), (_, _) => { }, CancellationToken.None);
        var withPublic = client.System.Settings.Config;
        Assert.Equal(new[] { "client" }, withPublic.GetStringList("akka.cluster.roles"));
        Assert.Equal("127.0.0.1", withPublic.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("node-7.example", withPublic.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal("Error", withPublic.GetString("akka.loglevel"), ignoreCase: true);
        // Remoting and cluster heartbeats run on their own threads (a node computing on every core stays reachable).
        Assert.Equal("secagg.heartbeat-dispatcher", withPublic.GetString("akka.cluster.use-dispatcher"));
        Assert.Equal("secagg.heartbeat-dispatcher", withPublic.GetString("akka.remote.use-dispatcher"));
    }

    [Fact]
    public async Task A_node_built_for_its_sessions_m_refuses_a_longer_vector_before_allocating_it()
    {
        // 2^24 zero words packed at 1 bit: 2 MiB on the wire, 128 MiB once decoded.
        var forged = new MaskedInput(SecureAgg.Crypto.SessionId.New(), 1, new ulong[1 << 24]);
        await using var node = await ClusterNode.StartAsync(
            new ClusterNodeSettings(ClusterAkkaConfig.ServerRole, "127.0.0.1", null, 0, null, "ERROR", MaxVectorLength: 10_000), (_, _) => { }, CancellationToken.None);
        var serializer = (Akka.Serialization.SerializerWithStringManifest)node.System.Serialization.FindSerializerForType(typeof(MaskedInput));
        var bytes = serializer.ToBinary(forged);
        Assert.True(bytes.Length < 3 << 20, $"{bytes.Length} bytes");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<SecureAgg.Serialization.WireFormatException>(() => serializer.FromBinary(bytes, serializer.Manifest(forged)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the refusal allocated the vector");
        Assert.Contains("MaskedInput.Vector", error.Message);
    }

    [Fact]
    public void Without_a_file_the_built_in_defaults_apply()
    {
        var config = ClusterNode.EffectiveFileConfig(null);
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(DefaultFrame, ClusterAkkaConfig.MaximumFrameSize(config));
        Assert.Equal(128000, ClusterAkkaConfig.MaximumFrameSize(Config.Empty));
    }

    [Fact]
    public async Task The_node_binds_the_SecAgg_serializer_and_starts_distributed_pub_sub_with_the_node()
    {
        await using var node = await ClusterNode.StartAsync(
            new ClusterNodeSettings(ClusterAkkaConfig.ServerRole, "127.0.0.1", null, 0, Shipped("server.hocon"), "WARNING"), (_, _) => { }, CancellationToken.None);
        var system = node.System;

        Assert.False(system.Settings.Config.GetBoolean("akka.actor.serialize-messages"));
        Assert.True(system.HasExtension<DistributedPubSub>());
        Assert.IsType<SecAggSerializer>(system.Serialization.FindSerializerForType(typeof(ClusterSessionOpened)));
        Assert.IsType<SecAggSerializer>(system.Serialization.FindSerializerForType(typeof(RegistrationRequest)));
        Assert.IsType<Akka.Cluster.ClusterActorRefProvider>(((ExtendedActorSystem)system).Provider);
    }
}
