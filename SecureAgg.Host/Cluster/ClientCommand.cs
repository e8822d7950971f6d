using System.CommandLine;
using Akka.Actor;
using Akka.Configuration;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Training;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Pki;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Training;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// <c>secagg client</c>: a client node of a SecAgg cluster hosting K client actors. It joins through the seed node
/// (the server), its clients register with the server's coordinator, and it runs until the server leaves.
/// </summary>
public static class ClientCommand
{
    public static Command Create()
    {
        var d = ClientNodeConfig.Of(new ClientOptions());
        var config = new Option<FileInfo?>("--config") { Description = "HOCON file with a secagg.client block and akka.* overrides (hocon/client.hocon); flags win. [default: none, built-in defaults]" };
        var seedNodes = new Option<string[]>("--seed-node") { Description = "Seed node address, e.g. akka.tcp://secagg@server:4053 (repeatable). [default: the config's seed-nodes]", AllowMultipleArgumentsPerToken = false };
        var clients = new Option<int?>("--clients", "-n") { Description = $"Client actors on this node. [default: {d.Clients}]" };
        var port = new Option<int?>("--port") { Description = $"TCP port of this node (0 = any free port). [default: {d.Port}]" };
        var hostname = new Option<string?>("--hostname") { Description = $"Interface to listen on. [default: {d.Hostname}]" };
        var publicHostname = new Option<string?>("--public-hostname") { Description = "Host name other nodes use to reach this one. [default: --hostname]" };
        var name = new Option<string?>("--name") { Description = "Prefix of this node's client names. [default: HOST:PORT]" };
        var serverWait = new Option<string?>("--server-wait") { Description = $"How long to wait for a lost server (or the first join) before giving up, e.g. 2m. [default: {d.ServerWait.TotalSeconds:0.#}s]" };
        var answerDelay = new Option<string?>("--answer-delay") { Description = $"Wait this long before each answer, simulating slow devices, e.g. 2s. [default: {d.AnswerDelay.TotalSeconds:0.###}s]" };
        var data = new Option<string?>("--data") { Description = "The UCI HAPT data for training sessions, loaded when the first one arrives. [default: $SECAGG_DATA, else data/uci-hapt/]" };
        var trustedKeys = new Option<string?>("--trusted-keys") { Description = "Active mode: every client's public key (secagg keys writes trusted-keys.txt). [default: none]" };
        var identityDir = new Option<string?>("--identity-dir") { Description = "This node's own key folder (client-NNNN.key; secagg keys writes OUT/NAME/): its clients prove their enrolled keys with them. [default: none, only an open-enrolment server admits them]" };
        var serverKey = new Option<string?>("--server-key") { Description = "The server's public identity key, a file (secagg keys writes server.pub) or 64 hex digits: control messages not signed with it are ignored. Required. [default: none]" };
        var minSessionClients = new Option<int?>("--min-session-clients") { Description = $"Refuse sessions with fewer clients than this. [default: {d.MinSessionClients}]" };
        var logLevel = new Option<string?>("--log-level") { Description = $"Log level: DEBUG, INFO, WARNING or ERROR. [default: {d.LogLevel}]" };

        var certificate = new Option<string?>("--certificate") { Description = "This node's TLS certificate with its key (NODE.pfx; secagg pki writes them). [default: none: required unless --insecure-transport]" };
        var authority = new Option<string?>("--ca") { Description = "The deployment CA (ca.crt from secagg pki): peers must present a certificate it issued. [default: none: required unless --insecure-transport]" };
        var insecure = new Option<bool>("--insecure-transport") { Description = "Plain TCP between nodes, no TLS, no authentication (tests on one machine only). [default: off]" };
        var flags = new FlagBindings(ClientOptions.Block)
            .Add(clients, "clients").Add(port, "port").Add(hostname, "hostname").Add(publicHostname, "public-hostname").Add(name, "name")
            .Add(serverWait, "server-wait").Add(answerDelay, "answer-delay").Add(trustedKeys, "trusted-keys").Add(identityDir, "identity-dir")
            .Add(serverKey, "server-key").Add(minSessionClients, "min-session-clients").Add(logLevel, "log-level")
            .Add(certificate, "certificate").Add(authority, "ca").Add(insecure, "insecure-transport");

        var command = new Command("client", "Run a client node of a SecAgg cluster: K client actors that take part in the server's sessions.")
        {
            config, seedNodes, clients, port, hostname, publicHostname, name, serverWait, answerDelay, data, trustedKeys, identityDir, serverKey,
            minSessionClients, logLevel, certificate, authority, insecure,
        };
        command.SetAction(async (result, cancellation) =>
        {
            ClientNodeConfig settings;
            ClusterNodeSettings node;
            ClientAgentSettings agents;
            try
            {
                var file = result.GetValue(config) is { } path ? HoconFile.Load(path.FullName, ClientOptions.Block) : null;
                settings = ClientNodeConfig.Of(ClientNodeConfig.Load(file, flags, result));
                // --seed-node replaces the file's list (a configuration layer would merge the two lists item by item).
                if (result.GetValue(seedNodes) is { Length: > 0 } seeds)
                    settings = settings with { SeedNodes = seeds };
                settings.Validate();
                agents = settings.AgentSettings();
                // Training data loads only when a training session arrives; a --data that names nothing is refused now. An
                // inherited SECAGG_DATA is checked only then: a node that never trains must not fail over it (CI sets a
                // relative one, which a client started elsewhere does not find).
                if (result.GetValue(data) is { } explicitData)
                    DataLocation.Resolve(explicitData).RequireDataUnlessDefault();
                node = new ClusterNodeSettings(ClusterAkkaConfig.ClientRole, settings.Hostname, settings.PublicHostname, settings.Port, file, settings.LogLevel,
                    Tls: settings.Tls());
            }
            catch (Exception error) when (error is ArgumentException or DataFormatException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"secagg client: {error.Message}");
                return 2;
            }
            if (node.Tls is null)
                Console.Error.WriteLine($"secagg client: {TransportChoice.InsecureWarning}");
            var dataArgument = result.GetValue(data);
            var task = new ClusterClientTask(() =>
            {
                Console.WriteLine("client node: a training session arrived; loading the data");
                return ClusterTrainingData.LoadRawAsync(dataArgument, cancellation);
            });
            return await RunAsync(settings, node, agents, task, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(ClientNodeConfig settings, ClusterNodeSettings nodeSettings, ClientAgentSettings agents, IClientSessionTask task,
        CancellationToken cancellation)
    {
        await using var node = await NodeLifetime.StartAsync("client", nodeSettings, (_, _) => { }, cancellation);
        if (node is null)
            return 3;
        var system = node.System;
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.JoinSeedNodes(settings.SeedAddresses(nodeSettings.Tls is not null));
        Console.WriteLine($"client node {cluster.SelfAddress} joining through {string.Join(", ", settings.SeedNodes)}");

        string? error = null;
        var joined = await Task.WhenAny(up.Task, Task.Delay(settings.ServerWait, cancellation).ContinueWith(_ => { }));
        if (joined != up.Task)
        {
            error = cancellation.IsCancellationRequested ? "stopped by a signal"
                : $"could not join the cluster through {string.Join(", ", settings.SeedNodes)} within {settings.ServerWait.TotalSeconds:0.#} s (is the server node running?)";
        }
        else
        {
            var self = cluster.SelfAddress;
            var prefix = settings.Name ?? $"{self.Host}:{self.Port}";
            var names = Enumerable.Range(1, settings.Clients).Select(i => ClientNames.Of(prefix, i)).ToArray();
            IReadOnlyDictionary<string, ClientIdentity>? identities = null;
            try
            {
                identities = settings.LoadIdentities(names);
            }
            catch (ArgumentException invalid)
            {
                error = invalid.Message;
            }
            if (error is null)
            {
                var guardian = system.ActorOf(ClientNodeGuardian.Props(names, settings.ServerWait, agents, task, identities), "clients");
                node.Registry.Register<ClientNodeGuardian>(guardian);
                Console.WriteLine($"client node {self} is up with {names.Length} clients ({names[0]} …), pinning server key " +
                                  $"{Convert.ToHexStringLower(agents.Server.PublicKey)}, sessions of at least {settings.MinSessionClients} clients; " +
                                  (identities is null
                                      ? "no identity keys: only a server with open enrolment admits these clients"
                                      : settings.TrustedKeys is null ? "with identity keys" : "with identity keys and trusted keys for active mode"));
                var finished = guardian.Ask<ClientNodeFinished>(AwaitClientNodeFinished.Instance, Timeout.InfiniteTimeSpan);
                error = await NodeLifetime.WaitAsync(system, ErrorOf(finished), cancellation);
            }
        }
        await NodeLifetime.LeaveAsync(system);
        if (error is not null)
        {
            Console.Error.WriteLine($"secagg client: {error}");
            Console.WriteLine("client node FAILED");
            return 1;
        }
        Console.WriteLine("client node finished: the server said it is done and left the cluster ok");
        return 0;
    }

    private static async Task<string?> ErrorOf(Task<ClientNodeFinished> finished) => (await finished).Error;
}
