using System.CommandLine;
using Akka.Configuration;
using SecureAgg.Actors.Cluster;
using SecureAgg.Crypto;
using SecureAgg.Host.Cluster;
using SecureAgg.Host.Keys;

namespace SecureAgg.Tests.Host;

/// <summary>
/// The key material of a cluster: what secagg keys writes (a 0600 server identity, its public key, per-node client
/// keys, the trusted key file), that the server cannot start without its identity and an enrolment, and that a
/// client pins the server key and reads only its own node's folder.
/// </summary>
public sealed class KeyMaterialSpecs : IDisposable
{
    private const string Seed = "akka.tcp://secagg@10.0.0.5:4053";
    private readonly string _folder = Directory.CreateTempSubdirectory("secagg-keys-").FullName;

    private static Config Hocon(string text) => ConfigurationFactory.ParseString(text);

    private int Keys(params string[] args) => KeysCommand.Create().Parse([.. args, "--out", _folder]).Invoke();

    [Fact]
    public void Secagg_keys_writes_a_private_server_identity_its_public_key_and_each_nodes_own_client_keys()
    {
        Assert.Equal(0, Keys("--nodes", "node1,node2", "--clients", "2"));

        var identity = IdentityKeys.LoadPrivateKey(Path.Combine(_folder, KeyFiles.ServerKey));
        Assert.Equal(identity.PublicKey, IdentityKeys.ParsePublicKey(Path.Combine(_folder, KeyFiles.ServerPublicKey)));
        var trusted = TrustedKeys.Load(Path.Combine(_folder, KeyFiles.Trusted));
        Assert.Equal(4, trusted.Count);
        var own = TrustedKeys.LoadPrivateKey(Path.Combine(_folder, "node2"), "node2/client-0002", trusted);
        Assert.Equal(trusted.KeyOf("node2/client-0002"), own.PublicKey);
        Assert.Equal(["client-0001.key", "client-0002.key"], Directory.GetFiles(Path.Combine(_folder, "node1")).Select(Path.GetFileName).Order());
        if (!OperatingSystem.IsWindows())
        {
            var privateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.Equal(privateMode, File.GetUnixFileMode(Path.Combine(_folder, KeyFiles.ServerKey)));
            Assert.Equal(privateMode, File.GetUnixFileMode(Path.Combine(_folder, "node1", "client-0001.key")));
        }
    }

    [Fact]
    public void Without_nodes_secagg_keys_writes_only_the_server_identity()
    {
        Assert.Equal(0, Keys());

        Assert.True(File.Exists(Path.Combine(_folder, KeyFiles.ServerKey)));
        Assert.False(File.Exists(Path.Combine(_folder, KeyFiles.Trusted)));
    }

    [Fact]
    public void A_node_folder_holds_only_its_own_clients_keys()
    {
        Keys("--nodes", "node1,node2");
        var trusted = TrustedKeys.Load(Path.Combine(_folder, KeyFiles.Trusted));

        var error = Assert.Throws<ArgumentException>(() => TrustedKeys.LoadPrivateKey(Path.Combine(_folder, "node1"), "node1/client-0002", trusted));
        Assert.Contains("this node's own key folder", error.Message);
        // node1's key file under node2's name: caught at start, not as refused registrations.
        File.Copy(Path.Combine(_folder, "node1", "client-0001.key"), Path.Combine(_folder, "node2", "client-0001.key"), overwrite: true);
        Assert.Contains("does not belong to the trusted key of node2/client-0001",
            Assert.Throws<ArgumentException>(() => TrustedKeys.LoadPrivateKey(Path.Combine(_folder, "node2"), "node2/client-0001", trusted)).Message);
    }

    [Fact]
    public void A_server_without_its_identity_or_without_an_enrolment_does_not_start()
    {
        var none = ServerNodeConfig.From(null);
        Assert.Contains("--identity FILE", Assert.Throws<ArgumentException>(none.RequireKeys).Message);
        var identityOnly = ServerNodeConfig.From(Hocon("secagg.server.identity = server.key"));
        Assert.Contains("--trusted-keys FILE", Assert.Throws<ArgumentException>(identityOnly.RequireKeys).Message);
        Assert.Contains("--open-enrolment", Assert.Throws<ArgumentException>(identityOnly.RequireKeys).Message);

        ServerNodeConfig.From(Hocon("secagg.server { identity = server.key, trusted-keys = trusted.txt }")).RequireKeys();
        var open = ServerNodeConfig.From(Hocon("secagg.server { identity = server.key, open-enrolment = on }"));
        open.RequireKeys();
        Assert.True(open.OpenEnrolment);
        Assert.False(ServerNodeConfig.From(null).OpenEnrolment);
    }

    [Fact]
    public void The_server_loads_its_identity_and_open_enrolment_is_refused_in_active_mode()
    {
        Keys("--nodes", "node1");
        var key = Path.Combine(_folder, KeyFiles.ServerKey).Replace("\\", "\\\\");
        var trusted = Path.Combine(_folder, KeyFiles.Trusted).Replace("\\", "\\\\");
        var server = ServerNodeConfig.From(Hocon($"secagg.server {{ identity = \"{key}\", trusted-keys = \"{trusted}\" }}")).ServerSettings(64 << 20);

        Assert.Equal(IdentityKeys.LoadPrivateKey(Path.Combine(_folder, KeyFiles.ServerKey)).PublicKey, server.Identity!.PublicKey);
        var active = ServerNodeConfig.From(Hocon($"secagg.server {{ identity = \"{key}\", trusted-keys = \"{trusted}\", security = active, open-enrolment = on }}"));
        Assert.Contains("open-enrolment cannot be used in active mode", Assert.Throws<ArgumentException>(() => active.Validate(64 << 20)).Message);
    }

    [Fact]
    public void A_client_node_pins_the_server_key_from_a_file_or_as_hex_and_refuses_to_start_without_it()
    {
        Keys();
        var pub = IdentityKeys.ParsePublicKey(Path.Combine(_folder, KeyFiles.ServerPublicKey));
        var client = ClientNodeConfig.From(null) with { SeedNodes = [Seed] };

        Assert.Contains("--server-key FILE-or-HEX", Assert.Throws<ArgumentException>(() => client.AgentSettings()).Message);
        Assert.Equal(pub, (client with { ServerKey = Path.Combine(_folder, KeyFiles.ServerPublicKey) }).AgentSettings().Server.PublicKey);
        Assert.Equal(pub, (client with { ServerKey = Convert.ToHexStringLower(pub) }).AgentSettings().Server.PublicKey);
        Assert.Contains("neither 64 hex digits nor an existing key file",
            Assert.Throws<ArgumentException>(() => (client with { ServerKey = "abc" }).AgentSettings()).Message);
        Assert.Contains("has 31 bytes", Assert.Throws<ArgumentException>(() => IdentityKeys.ParsePublicKey(WriteText("short.pub", new string('a', 62)))).Message);
    }

    [Fact]
    public void A_client_refuses_sessions_of_fewer_than_three_clients_unless_it_is_configured_lower()
    {
        Assert.Equal(3, ClientNodeConfig.From(null).MinSessionClients);
        Assert.Equal(2, ClientNodeConfig.From(Hocon("secagg.client.min-session-clients = 2")).MinSessionClients);
        Assert.Contains("secagg.client.min-session-clients must be between 2 and",
            Assert.Throws<ArgumentException>(() => ClientNodeConfig.From(Hocon("secagg.client.min-session-clients = 1"))).Message);
    }

    [Fact]
    public void Identity_keys_alone_are_enough_in_semi_honest_mode_and_trusted_keys_need_them()
    {
        Keys("--nodes", "node1", "--clients", "2");
        var client = ClientNodeConfig.From(null) with { SeedNodes = [Seed], IdentityDir = Path.Combine(_folder, "node1") };
        client.Validate();

        var identities = client.LoadIdentities(["node1/client-0001", "node1/client-0002"])!;
        Assert.Null(identities["node1/client-0001"].Trusted);
        Assert.NotNull((client with { TrustedKeys = Path.Combine(_folder, KeyFiles.Trusted) }).LoadIdentities(["node1/client-0001"])!["node1/client-0001"].Trusted);
        Assert.Null((client with { IdentityDir = null }).LoadIdentities(["node1/client-0001"]));
        Assert.Contains("need identity-dir", Assert.Throws<ArgumentException>((client with { IdentityDir = null, TrustedKeys = "t.txt" }).Validate).Message);
    }

    private string WriteText(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
