using SecureAgg.Actors.Training;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Keys;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Training;
using SecureAgg.Persistence;
using SecureAgg.Tests.Actors;
using SecureAgg.Tests.Learning.Data;
using SecureAgg.Tests.Processes;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// The cluster deployment as users run it: one <c>secagg server</c> process and several <c>secagg client</c>
/// processes on 127.0.0.1 (free ports), a real Akka.Cluster between them. Each aggregate is checked against the
/// plaintext sum of the survivors' inputs, computed here independently of the server. Where nobody drops out the round
/// deadline is five minutes, so only message flow ends a round; where a killed client must be found by it, it is long
/// enough for the live clients on a busy machine. Waiting for the first join is just as patient.
/// </summary>
[Collection(SeparateProcesses.Name)]
public sealed class MultiProcessClusterSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private const string NoDeadline = "5m";
    private const string Patience = "5m";
    private const int Seed = 5;
    private readonly List<SecaggProcess> _nodes = [];
    private readonly string _folder = FolderWithKeys();
    // HOCON appended to every node's shipped file; empty unless a test needs it.

    [Fact]
    public async Task A_server_and_three_client_processes_run_sessions_whose_aggregates_equal_the_plaintext_sums()
    {
        var port = LoopbackPort.Free();
        var server = StartServer(port, "server", $"sqlite:{Path.Combine(_folder, "journal.db")}", minClients: 9, sessions: 2, roundTimeout: NoDeadline);
        var clients = Enumerable.Range(1, 3).Select(i => StartClient(port, $"node{i}", clients: 3)).ToArray();

        Assert.Equal(0, await server.WaitForExitAsync(Bound));
        Assert.EndsWith("ok", server.Output.TrimEnd().Split('\n')[^1].Trim());
        var sessions = ReadSummary("server");
        Assert.Equal(2, sessions.Count);
        foreach (var session in sessions)
        {
            Assert.Equal("completed", session.Outcome);
            Assert.Equal(9, session.Survivors[2].Length);
            Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        }
        // Different sessions, different inputs: the check above is not comparing one constant.
        Assert.NotEqual(sessions[0].AggregateSha256, sessions[1].AggregateSha256);
        foreach (var client in clients)
            Assert.Equal(0, await client.WaitForExitAsync(Bound));
        Report(server);

        // The operator's view of the same journal: each session with n, t and the clients by name, every record's seal
        // checked under the key the server derives from its identity.
        var report = SecaggProcess.Run(TimeSpan.FromSeconds(60), "report", "--journal", $"sqlite:{Path.Combine(_folder, "journal.db")}",
            "--identity", Path.Combine(Keys, KeyFiles.ServerKey));
        output.WriteLine(report.Output);
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("cluster   server 'secagg', session #1: n = 9, t = 7, b = 32; simulated inputs", report.Output);
        Assert.Contains("cluster   server 'secagg', session #2: n = 9, t = 7, b = 32; simulated inputs", report.Output);
        Assert.Contains("1 node1/client-0001, 2 node1/client-0002", report.Output);
        Assert.Contains("integrity: checked under the journal key: 2 sessions verified, 0 with unsealed records, 0 FAILED", report.Output);
        Assert.Contains("report sessions=2 completed=2", report.Output);
    }

    [Fact]
    public async Task A_client_process_killed_mid_round_is_a_dropout_and_the_session_completes_without_it()
    {
        var port = LoopbackPort.Free();
        // Round 0 waits the whole deadline for the victim's three clients; the other nine answer well within it.
        var server = StartServer(port, "server", "memory", minClients: 12, sessions: 1, roundTimeout: "30s");
        var survivors = Enumerable.Range(1, 3).Select(i => StartClient(port, $"node{i}", clients: 3)).ToArray();
        // The victim answers slowly, so when the session opens its clients are certainly still working on round 0.
        var victim = StartClient(port, "victim", clients: 3, "--answer-delay", "60s");

        await server.WaitForLineAsync("session 1/1 opened", Bound);
        victim.Kill();

        Assert.Equal(0, await server.WaitForExitAsync(Bound));
        var session = Assert.Single(ReadSummary("server"));
        Assert.Equal("completed", session.Outcome);
        var victimIds = session.Members.Where(m => m.Name.StartsWith("victim/", StringComparison.Ordinal)).Select(m => m.Id).ToArray();
        Assert.Equal(3, victimIds.Length);
        Assert.Equal(12, session.Members.Count);
        Assert.Equal(9, session.Survivors[0].Length);
        Assert.Empty(session.Survivors[2].Intersect(victimIds));
        Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        Assert.Contains("(deadline)", server.Output);
        foreach (var client in survivors)
            Assert.Equal(0, await client.WaitForExitAsync(Bound));
        Report(server);
    }

    [Fact]
    public Task A_server_dead_long_enough_to_be_downed_is_waited_for_and_resumes_with_the_same_client_nodes() =>
        // The client nodes down the dead server and keep waiting: with a resolver counting only server-role nodes,
        // they downed themselves here instead.
        ServerRestartedWhileWaitingForClients(waitUntilDowned: true);

    [Fact]
    public Task A_server_killed_while_waiting_for_clients_rejoins_its_client_nodes_after_a_restart() =>
        ServerRestartedWhileWaitingForClients(waitUntilDowned: false);

    private async Task ServerRestartedWhileWaitingForClients(bool waitUntilDowned)
    {
        var port = LoopbackPort.Free();
        var journal = $"sqlite:{Path.Combine(_folder, "journal.db")}";
        var first = StartServer(port, "server-1", journal, minClients: 9, sessions: 1, roundTimeout: NoDeadline);
        var early = Enumerable.Range(1, 2).Select(i => StartClient(port, $"node{i}", clients: 3)).ToArray();
        await first.WaitForLineAsync("(6 registered)", Bound);
        first.Kill();

        if (waitUntilDowned)
        {
            foreach (var client in early)
                await client.WaitForLineAsync("was removed", Bound);
        }
        // No session was open: the restarted server finds the cluster through the client nodes it journalled.
        var second = StartServer(port, "server-2", journal, minClients: 9, sessions: 1, roundTimeout: NoDeadline);
        await second.WaitForLineAsync("(6 registered)", Bound);
        var late = StartClient(port, "node3", clients: 3);

        Assert.Equal(0, await second.WaitForExitAsync(Bound));
        var session = Assert.Single(ReadSummary("server-2"));
        Assert.Equal("completed", session.Outcome);
        Assert.Equal(9, session.Survivors[2].Length);
        Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        foreach (var client in early.Append(late))
            Assert.Equal(0, await client.WaitForExitAsync(Bound));
        Report(second);
    }

    [Fact]
    public async Task Masked_inputs_larger_than_the_servers_frame_go_in_parts_and_the_aggregate_is_exact()
    {
        // m = 300,000 words of 32 bits: each masked input is 1.2 MB, the server's derived frame about half a MiB.
        var port = LoopbackPort.Free();
        var server = StartServer(port, "server", "memory", minClients: 4, sessions: 1, roundTimeout: NoDeadline, "--length", "300000");
        var clients = Enumerable.Range(1, 2).Select(i => StartClient(port, $"node{i}", clients: 2)).ToArray();

        Assert.Equal(0, await server.WaitForExitAsync(Bound));
        var session = Assert.Single(ReadSummary("server"));
        Assert.Equal("completed", session.Outcome);
        Assert.Equal(4, session.Survivors[2].Length);
        Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        var frame = ServerSummary.FrameSize(server.Output);
        Assert.True(frame < 300_000 * 4, $"frame {frame:N0} bytes");
        foreach (var client in clients)
            Assert.Equal(0, await client.WaitForExitAsync(Bound));
        Report(server);
    }

    [Fact]
    public async Task An_active_mode_session_with_trusted_keys_completes_and_an_untrusted_client_is_refused()
    {
        var trusted = Path.Combine(Keys, KeyFiles.Trusted);
        var port = LoopbackPort.Free();
        var server = StartServer(port, "server", "memory", minClients: 9, sessions: 1, roundTimeout: NoDeadline, "--security", "active");
        // The intruder first: started alongside the others it may join only after the one-second session is over.
        StartClient(port, "intruder", clients: 1);
        await server.WaitForLineAsync("Refused intruder/client-0001", Bound);
        var clients = Enumerable.Range(1, 3)
            .Select(i => StartClient(port, $"node{i}", clients: 3, "--trusted-keys", trusted)).ToArray();

        Assert.Equal(0, await server.WaitForExitAsync(Bound));
        var session = Assert.Single(ReadSummary("server"));
        Assert.Equal("completed", session.Outcome);
        Assert.Equal(9, session.Clients);
        Assert.DoesNotContain(session.Members, m => m.Name.StartsWith("intruder/", StringComparison.Ordinal));
        Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        Assert.Contains("round consistency closed: 9/9", server.Output);
        Assert.Contains("Refused intruder/client-0001", server.Output);
        foreach (var client in clients)
            Assert.Equal(0, await client.WaitForExitAsync(Bound));
        Report(server);
    }

    [Fact]
    public async Task Nodes_without_a_certificate_from_the_deployment_ca_cannot_join_and_the_session_runs_without_them()
    {
        var port = LoopbackPort.Free();
        var server = StartServer(port, "server", "memory", minClients: 3, sessions: 1, roundTimeout: NoDeadline);
        // An outsider with a certificate from its own CA, and a node speaking plain TCP, try first.
        var outsider = StartClient(port, "outsider", clients: 3, ["--server-wait", "20s", .. TestPki.OutsiderArguments]);
        var plain = StartClient(port, "plain", clients: 3, "--server-wait", "20s", "--insecure-transport");
        Assert.NotEqual(0, await outsider.WaitForExitAsync(Bound));
        Assert.NotEqual(0, await plain.WaitForExitAsync(Bound));
        Assert.Contains("could not join the cluster", outsider.Error);
        Assert.Contains("could not join the cluster", plain.Error);
        Assert.Contains("--insecure-transport: remoting runs over plain TCP", plain.Error);

        var member = StartClient(port, "node1", clients: 3);
        Assert.Equal(0, await server.WaitForExitAsync(Bound));
        var session = Assert.Single(ReadSummary("server"));
        Assert.Equal("completed", session.Outcome);
        Assert.All(session.Members, m => Assert.StartsWith("node1/", m.Name, StringComparison.Ordinal));
        Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        // The server saw the outsider's handshake and refused its certificate.
        Assert.Contains("TLS: refused", server.Output + server.Error);
        Assert.Equal(0, await member.WaitForExitAsync(Bound));
        Report(server);
    }

    [Fact]
    public async Task Client_nodes_that_join_and_freeze_do_not_take_the_server_down_and_the_session_completes_without_them()
    {
        var port = LoopbackPort.Free();
        // n = 17, t = 12: the 12 honest clients alone reach t. The five frozen nodes outnumber the server's side (server and
        // three nodes), which under keep-majority downed the server and every honest node.
        var server = StartServer(port, "server", "memory", minClients: 17, sessions: 1, roundTimeout: "20s");
        var honest = Enumerable.Range(1, 3).Select(i => StartClient(port, $"node{i}", clients: 4)).ToArray();
        var frozen = Enumerable.Range(1, 5).Select(i => StartClient(port, $"frozen{i}", clients: 1)).ToArray();

        await server.WaitForLineAsync("session 1/1 opened", Bound);
        foreach (var node in frozen)
            node.Freeze();

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        var session = Assert.Single(ReadSummary("server"));
        Assert.Equal("completed", session.Outcome);
        Assert.Equal(17, session.Members.Count);
        Assert.Equal(12, session.Survivors[2].Length);
        Assert.All(session.Survivors[2], id => Assert.DoesNotContain("frozen", session.Members.Single(m => m.Id == id).Name, StringComparison.Ordinal));
        Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        foreach (var node in honest)
            Assert.Equal(0, await node.WaitForExitAsync(Bound));
        Report(server);
    }

    [PostgresFact]
    public async Task A_server_process_killed_mid_round_and_restarted_resumes_from_the_postgres_journal_with_the_same_aggregate()
    {
        var port = LoopbackPort.Free();
        var journal = "postgres:" + PostgresTheoryAttribute.ConnectionString;
        var name = $"test-{Guid.NewGuid():N}";
        var first = StartServer(port, "server-1", journal, minClients: 9, sessions: 1, roundTimeout: NoDeadline, "--name", name);
        // Every answer takes three seconds, so the masked-input round is certainly open when the server dies.
        var clients = Enumerable.Range(1, 3).Select(i => StartClient(port, $"node{i}", clients: 3, "--answer-delay", "3s")).ToArray();

        await first.WaitForLineAsync("session 1 round share closed", Bound);
        first.Kill();
        Assert.DoesNotContain("round mask closed", first.Output);

        var second = StartServer(port, "server-2", journal, minClients: 9, sessions: 1, roundTimeout: NoDeadline, "--name", name);
        Assert.Equal(0, await second.WaitForExitAsync(Bound));
        Assert.Contains("resumed from the journal", second.Output);
        var session = Assert.Single(ReadSummary("server-2"));
        Assert.Equal("completed", session.Outcome);
        Assert.True(session.Recovered);
        Assert.Equal(Enumerable.Range(1, 9), session.Survivors[2]);
        Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        foreach (var client in clients)
            Assert.Equal(0, await client.WaitForExitAsync(Bound));
        Report(second);
    }

    [PostgresFact]
    public async Task A_postgres_outage_shorter_than_the_budget_mid_session_is_ridden_out_and_the_aggregate_is_exact()
    {
        await using var postgres = TcpForwarder.ToPostgres(PostgresTheoryAttribute.ConnectionString!);
        var (server, clients) = StartBehind(postgres, sessions: 1);

        await server.WaitForLineAsync("session 1 round share closed", Bound);
        postgres.Cut();
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.DoesNotContain("round mask closed", server.Output);
        postgres.Restore();

        Assert.Equal(0, await server.WaitForExitAsync(Bound));
        Assert.True(postgres.Refused > 0, "nothing tried the database while it was away");
        Assert.Contains("The journal is unavailable", server.Output);
        Assert.Contains("The journal answers again", server.Output);
        var session = Assert.Single(ReadSummary("server"));
        Assert.Equal("completed", session.Outcome);
        Assert.Equal(Enumerable.Range(1, 9), session.Survivors[2]);
        Assert.Equal(ExpectedHash(session), session.AggregateSha256);
        Assert.Equal("server sessions=1 completed=1 aborted=0 verified=1 ok", server.Output.TrimEnd().Split('\n')[^1].Trim());
        foreach (var client in clients)
            Assert.Equal(0, await client.WaitForExitAsync(Bound));
        Report(server);
    }

    [PostgresFact]
    public async Task A_postgres_outage_longer_than_the_budget_fails_that_session_and_the_next_completes_on_the_same_nodes()
    {
        await using var postgres = TcpForwarder.ToPostgres(PostgresTheoryAttribute.ConnectionString!);
        // A 3 s budget, so a 15 s outage is five budgets long; the server waits up to 30 s for the journal.
        var (server, clients) = StartBehind(postgres, sessions: 2, "--journal-outage", "3s");

        await server.WaitForLineAsync("session 1 round share closed", Bound);
        postgres.Cut();
        await server.WaitForLineAsync("waiting up to 30 s for the journal", Bound);
        Assert.Contains("session 1 FAILED", server.Output);
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.All(clients, client => Assert.False(client.HasExited, $"{client.Label} exited during the outage"));
        postgres.Restore();

        Assert.Equal(3, await server.WaitForExitAsync(Bound));
        Assert.Contains("journal available again", server.Output);
        var sessions = ReadSummary("server");
        Assert.Equal(2, sessions.Count);
        Assert.Equal("failed", sessions[0].Outcome);
        Assert.Null(sessions[0].AggregateSha256);
        Assert.Equal("completed", sessions[1].Outcome);
        Assert.Equal(ExpectedHash(sessions[1]), sessions[1].AggregateSha256);
        Assert.Equal("server sessions=2 completed=1 aborted=0 verified=1 infrastructure-failures=1 FAILED", server.Output.TrimEnd().Split('\n')[^1].Trim());
        foreach (var client in clients)
            Assert.Equal(0, await client.WaitForExitAsync(Bound));
        Report(server);
    }

    [RealHaptDataFact]
    public async Task Federated_training_across_processes_reproduces_the_single_process_secure_run()
    {
        var data = RealHaptDataFactAttribute.Folder!;
        // Four processes loading the real data and training at once on two cores, with the shipped failure detector:
        // the nodes' compute budget and dedicated heartbeat threads keep every node reachable.
        var port = LoopbackPort.Free();
        var server = StartServer(port, "server", "memory", minClients: 21, sessions: 0, roundTimeout: NoDeadline, "--train", "--rounds", "2", "--data", data);
        var clients = Enumerable.Range(1, 3).Select(i => StartClient(port, $"node{i}", clients: 7, "--data", data)).ToArray();

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromMinutes(10)));
        var cluster = File.ReadAllLines(Path.Combine(_folder, "server", "metrics.csv")).Skip(1).Select(line => line.Split(',')).ToArray();
        Assert.True(File.Exists(Path.Combine(_folder, "server", "accuracy.png")));
        foreach (var client in clients)
            Assert.Equal(0, await client.WaitForExitAsync(Bound));

        // The same run in one process: secure moment sum, then secure FedAvg rounds over the actors.
        var settings = new TrainingSettings(TrainingMode.Secure, Rounds: 2, RoundTimeout: TimeSpan.FromMinutes(5), Seed: Seed);
        var location = DataLocation.Resolve(data);
        await using var node = await InProcessNode.StartAsync(new InProcessSystemSettings(JournalTarget.Memory));
        var activity = await ActivityDataBuilder.BuildAsync(location, new DataPreparation(), _ => { },
            (vectors, ct) => SecureMomentSum.SumAsync(vectors, node.Coordinator, Seed, settings.Timeout, ct));
        var local = await new FederatedTrainer(settings, activity, SecureAggregator.Over(node.Coordinator)).RunAsync();

        Assert.Equal(2, cluster.Length);
        for (var r = 0; r < 2; r++)
        {
            output.WriteLine($"round {r + 1}: cluster accuracy {cluster[r][3]} macro F1 {cluster[r][4]}; one process {local.Rounds[r].TestAccuracy:F4} / {local.Rounds[r].MacroF1:F4}");
            Assert.Equal(local.Rounds[r].TestAccuracy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), cluster[r][3]);
            Assert.Equal(local.Rounds[r].MacroF1.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), cluster[r][4]);
        }
        Assert.True(local.Rounds[^1].TestAccuracy > 0.8, $"accuracy after 2 rounds {local.Rounds[^1].TestAccuracy}");
        Report(server);
    }

    /// <summary>
    /// A server whose PostgreSQL journal is reached through <paramref name="postgres"/>, and three client nodes of three
    /// clients whose every answer takes three seconds: the masked inputs arrive, and are journalled, while a cut lasts.
    /// </summary>
    private (SecaggProcess Server, SecaggProcess[] Clients) StartBehind(TcpForwarder postgres, int sessions, params string[] extra)
    {
        var port = LoopbackPort.Free();
        var journal = "postgres:" + postgres.Through(PostgresTheoryAttribute.ConnectionString!);
        var server = StartServer(port, "server", journal, minClients: 9, sessions: sessions, roundTimeout: NoDeadline, [
            "--name", $"test-{Guid.NewGuid():N}", "--log-level", "WARNING", .. extra]);
        var clients = Enumerable.Range(1, 3).Select(i => StartClient(port, $"node{i}", clients: 3, "--answer-delay", "3s")).ToArray();
        return (server, clients);
    }

    /// <summary>A fresh folder with keys/ as secagg keys writes it: the server's identity and the enrolled nodes' clients ("intruder" has none).</summary>
    private static string FolderWithKeys()
    {
        var folder = Directory.CreateTempSubdirectory("secagg-cluster-").FullName;
        KeyFiles.WriteServerIdentity(Path.Combine(folder, "keys"));
        KeyFiles.WriteClientKeys(Path.Combine(folder, "keys"), ["node1", "node2", "node3", "victim", "frozen1", "frozen2", "frozen3", "frozen4", "frozen5"], perNode: 7);
        return folder;
    }

    private string Keys => Path.Combine(_folder, "keys");

    private SecaggProcess StartServer(int port, string label, string journal, int minClients, int sessions, string roundTimeout, params string[] extra)
    {
        var node = SecaggProcess.Start(label, [
            "server", "--config", NodeHocon("server.hocon"), "--hostname", "127.0.0.1", "--port", port.ToString(), "--journal", journal,
            "--min-clients", minClients.ToString(), "--sessions", sessions.ToString(), .. (extra.Contains("--length") ? [] : new[] { "--length", "20000" }), "--bits", "32",
            "--round-timeout", roundTimeout, "--join-timeout", Patience, "--seed", Seed.ToString(), "--out", Path.Combine(_folder, label),
            "--identity", Path.Combine(Keys, KeyFiles.ServerKey), "--trusted-keys", Path.Combine(Keys, KeyFiles.Trusted),
            .. TestPki.ServerArguments, .. extra,
        ]);
        _nodes.Add(node);
        return node;
    }

    private SecaggProcess StartClient(int serverPort, string name, int clients, params string[] extra)
    {
        string[] identity = Directory.Exists(Path.Combine(Keys, name)) ? ["--identity-dir", Path.Combine(Keys, name)] : [];
        var node = SecaggProcess.Start(name, [
            "client", "--config", NodeHocon("client.hocon"), "--seed-node", $"akka.tcp://secagg@127.0.0.1:{serverPort}", "--clients", clients.ToString(),
            "--hostname", "127.0.0.1", "--port", LoopbackPort.Free().ToString(), "--name", name,
            .. (extra.Contains("--server-wait") ? [] : new[] { "--server-wait", Patience }),
            "--server-key", Path.Combine(Keys, KeyFiles.ServerPublicKey), .. identity,
            .. (extra.Contains("--insecure-transport") || extra.Contains("--certificate") ? [] : TestPki.ClientArguments), .. extra,
        ]);
        _nodes.Add(node);
        return node;
    }

    private static string NodeHocon(string name) => ShippedHocon.File(name);

    private IReadOnlyList<ServerSummary.Session> ReadSummary(string label) => ServerSummary.Read(Path.Combine(_folder, label));

    private static string ExpectedHash(ServerSummary.Session session) => ServerSummary.ExpectedHash(session, Seed);

    private void Report(SecaggProcess server) => output.WriteLine(server.Output);

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            // xunit shows this output with a failed test: every node's story, not just the assertion.
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
            // A journal file still held by a dying process; the temp folder is cleaned later.
        }
    }
}

/// <summary>
/// Tests that start OS processes run alone, after the parallel tests: on a small machine the other tests' CPU load
/// would otherwise stretch the processes' rounds past their deadlines.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeparateProcesses
{
    public const string Name = "separate processes";
}
