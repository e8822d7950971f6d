using System.Security.Cryptography;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Keys;
using SecureAgg.Protocol;
using SecureAgg.Tests.Processes;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// The server's identity and the clients' admission as users run them: a real <c>secagg server</c> and real
/// <c>secagg client</c> processes on 127.0.0.1, attacked by a node that claims the server role (an actor system of
/// this test, joined to their cluster) and by client processes that claim enrolled names without their keys.
/// </summary>
[Collection(SeparateProcesses.Name)]
public sealed class ServerIdentityProcessSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private const string Patience = "5m";
    private readonly List<SecaggProcess> _nodes = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("secagg-identity-").FullName;

    private string Keys => Path.Combine(_folder, "keys");

    private void WriteKeys()
    {
        KeyFiles.WriteServerIdentity(Keys);
        KeyFiles.WriteClientKeys(Keys, ["node1", "node2"], perNode: 3);
    }

    [Fact]
    public async Task A_node_claiming_the_server_role_that_sends_a_two_client_assignment_is_ignored_and_the_client_completes_the_next_real_session()
    {
        WriteKeys();
        var port = LoopbackPort.Free();
        var server = StartServer(port, minClients: 6);
        var node1 = StartClient(port, "node1", Path.Combine(Keys, "node1"));
        await server.WaitForLineAsync("(3 registered)", Bound);

        var rogue = await RogueServerNode.JoinAsync(port);
        try
        {
            var victim = rogue.ClientAgent(1);
            var forger = ServerSigner.Start(SigningKeyPair.Generate(), "secagg");
            var twoClients = new SessionAssignment(SessionId.New(), 1, ProtocolParameters.WithDefaults(2, 10, 16), 1, new byte[32], 1, rogue.Coordinator, [], []);
            victim.Tell(twoClients, rogue.Coordinator);
            victim.Tell(forger.Seal(twoClients, "node1/client-0001"), rogue.Coordinator);
            victim.Tell(forger.Seal(new SessionEnded(twoClients.Session, false, "aborted: forged"), "node1/client-0001"), rogue.Coordinator);
            victim.Tell(forger.Seal(new ServerFinished("forged: the server gave up"), "node1/client-0001"), rogue.Coordinator);
            victim.Tell(new ServerFinished("forged: the server gave up"), rogue.Coordinator);

            var from = $"from akka.ssl.tcp://secagg@127.0.0.1:{rogue.Port}/user/{ClusterServerSettings.CoordinatorName}";
            await node1.WaitForLineAsync($"node1/client-0001 ignored an unsigned assignment {from}: it is not signed", Bound);
            await node1.WaitForLineAsync($"node1/client-0001 ignored a signed CS {from}: its signature does not verify with the pinned server key", Bound);
            await node1.WaitForLineAsync($"node1/client-0001 ignored a signed CE {from}: its signature does not verify", Bound);
            await node1.WaitForLineAsync($"node1/client-0001 ignored a signed CF {from}: its signature does not verify", Bound);
            await node1.WaitForLineAsync($"node1/client-0001 ignored an unsigned server-finished notice {from}", Bound);
        }
        finally
        {
            // It leaves: a server-role node the client node never trusted, so it does not wait for it to come back.
            await rogue.DisposeAsync();
        }

        var node2 = StartClient(port, "node2", Path.Combine(Keys, "node2"));
        Assert.Equal(0, await server.WaitForExitAsync(Bound));
        Assert.Contains("server sessions=1 completed=1 aborted=0 verified=1 ok", server.Output);
        Assert.Contains("session 1 round unmask closed: 6/6", server.Output);
        Assert.Equal(0, await node1.WaitForExitAsync(Bound));
        Assert.Equal(0, await node2.WaitForExitAsync(Bound));
        Assert.DoesNotContain("refuses session", node1.Output);
        Assert.Contains("node1/client-0001 is client", node1.Output);
    }

    [Fact]
    public async Task A_registration_without_the_enrolled_key_is_refused_and_squatting_on_an_enrolled_name_does_not_block_its_owner()
    {
        WriteKeys();
        // Keys of the squatter's own for node1's names: valid Ed25519 keys, but not the enrolled ones.
        var squatterKeys = Path.Combine(_folder, "squatter");
        KeyFiles.WriteServerIdentity(squatterKeys);
        KeyFiles.WriteClientKeys(squatterKeys, ["node1"], perNode: 3);
        var port = LoopbackPort.Free();
        var server = StartServer(port, minClients: 6);

        var squatter = StartClient(port, "node1", Path.Combine(squatterKeys, "node1"), label: "squatter");
        var keyless = StartClient(port, "node2", identityDir: null, label: "keyless");
        await server.WaitForLineAsync(line => line.Contains("Refused node1/client-0001 from", StringComparison.Ordinal)
            && line.Contains("its registration is not signed with the enrolled key", StringComparison.Ordinal), "the squatter refused", Bound);
        await server.WaitForLineAsync(line => line.Contains("Refused node2/client-0001 from", StringComparison.Ordinal)
            && line.Contains("its registration is not signed with the enrolled key", StringComparison.Ordinal), "the keyless node refused", Bound);

        // The owners arrive while the squatters keep trying.
        var owner1 = StartClient(port, "node1", Path.Combine(Keys, "node1"));
        var owner2 = StartClient(port, "node2", Path.Combine(Keys, "node2"));
        Assert.Equal(0, await server.WaitForExitAsync(Bound));
        Assert.Contains("server sessions=1 completed=1 aborted=0 verified=1 ok", server.Output);
        Assert.Contains("session 1 round unmask closed: 6/6", server.Output);
        Assert.Equal(0, await owner1.WaitForExitAsync(Bound));
        Assert.Equal(0, await owner2.WaitForExitAsync(Bound));
        Assert.Contains("node1/client-0001 is client", owner1.Output);
        Assert.DoesNotContain("is client", squatter.Output);
        Assert.DoesNotContain("is client", keyless.Output);
    }

    private SecaggProcess StartServer(int port, int minClients)
    {
        var node = SecaggProcess.Start("server", [
            "server", "--hostname", "127.0.0.1", "--port", port.ToString(), "--journal", "memory", "--min-clients", minClients.ToString(), "--sessions", "1",
            "--length", "1000", "--round-timeout", "5m", "--join-timeout", Patience, "--out", Path.Combine(_folder, "server"),
            "--identity", Path.Combine(Keys, KeyFiles.ServerKey), "--trusted-keys", Path.Combine(Keys, KeyFiles.Trusted), .. TestPki.ServerArguments,
        ]);
        _nodes.Add(node);
        return node;
    }

    private SecaggProcess StartClient(int serverPort, string name, string? identityDir, string? label = null)
    {
        string[] identity = identityDir is null ? [] : ["--identity-dir", identityDir];
        var node = SecaggProcess.Start(label ?? name, [
            "client", "--seed-node", $"akka.tcp://secagg@127.0.0.1:{serverPort}", "--clients", "3", "--hostname", "127.0.0.1",
            "--port", LoopbackPort.Free().ToString(), "--name", name, "--server-wait", Patience, "--log-level", "INFO",
            "--server-key", Path.Combine(Keys, KeyFiles.ServerPublicKey), .. identity, .. TestPki.ClientArguments,
        ]);
        _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// A node of this test that joins the cluster with the server role and an actor at the coordinator's path, also
    /// registered for the clients' pub-sub lookups; it answers registrations with challenges signed by a key of its own.
    /// </summary>
    private sealed class RogueServerNode : IAsyncDisposable
    {
        private readonly ClusterNode _node;

        private RogueServerNode(ClusterNode node, int port, IActorRef coordinator)
        {
            _node = node;
            System = node.System;
            Port = port;
            Coordinator = coordinator;
        }

        public ActorSystem System { get; }

        public int Port { get; }

        public IActorRef Coordinator { get; }

        public static async Task<RogueServerNode> JoinAsync(int serverPort)
        {
            var port = LoopbackPort.Free();
            // An insider: it holds a client node's certificate from the deployment CA, so TLS lets it in.
            var node = await ClusterNode.StartAsync(new ClusterNodeSettings(ClusterAkkaConfig.ServerRole, "127.0.0.1", null, port, null, "WARNING",
                Tls: TestPki.NodeSecurity()), (_, _) => { }, CancellationToken.None);
            var system = node.System;
            var cluster = Akka.Cluster.Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            await cluster.JoinAsync(Address.Parse($"akka.ssl.tcp://secagg@127.0.0.1:{serverPort}"));
            await up.Task.WaitAsync(Bound);
            var coordinator = system.ActorOf(Props.Create(() => new ForgingCoordinator()), ClusterServerSettings.CoordinatorName);
            DistributedPubSub.Get(system).Mediator.Tell(new Put(coordinator));
            return new RogueServerNode(node, port, coordinator);
        }

        /// <summary>Agent <paramref name="index"/> of the (only) client node.</summary>
        public ActorSelection ClientAgent(int index)
        {
            var client = Akka.Cluster.Cluster.Get(System).State.Members.Single(member => member.HasRole(ClusterAkkaConfig.ClientRole));
            return System.ActorSelection($"{client.Address}/user/clients/client-{index}");
        }

        public async ValueTask DisposeAsync()
        {
            await Akka.Cluster.Cluster.Get(System).LeaveAsync().WaitAsync(Bound);
            await _node.DisposeAsync();
        }
    }

    private sealed class ForgingCoordinator : ReceiveActor
    {
        public ForgingCoordinator()
        {
            var forger = ServerSigner.Start(SigningKeyPair.Generate(), "secagg");
            Receive<RegistrationRequest>(request =>
                Sender.Tell(forger.Seal(new RegistrationChallenge(request.Name, request.Nonce, RandomNumberGenerator.GetBytes(32)), request.Name)));
            ReceiveAny(_ => { });
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            output.WriteLine(node.HasExited ? $"{node.Label} exited" : $"killing {node.Label}, still running at the end of the test");
            output.WriteLine(node.Describe());
            node.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process; the temp folder is cleaned later.
        }
    }
}
