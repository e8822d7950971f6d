using System.CommandLine;
using Akka.Actor;
using Akka.Configuration;
using SecureAgg.Protocol;
using SecureAgg.Actors;
using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Transport;
using SecureAgg.Actors.Training;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Pki;
using SecureAgg.Host.Output;
using SecureAgg.Host.Train;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Training;

namespace SecureAgg.Host.Cluster;

/// <summary>
/// <c>secagg server</c>: the server node of an Akka.Cluster deployment. It runs the session coordinator and the
/// aggregation sessions with a durable journal (PostgreSQL for deployments); client nodes join through it as seed.
/// A server restarted on the same journal resumes an interrupted session.
/// </summary>
public static class ServerCommand
{
    public static Command Create()
    {
        var d = ServerNodeConfig.Of(new ServerOptions());
        var config = new Option<FileInfo?>("--config") { Description = "HOCON file with a secagg.server block and akka.* overrides (hocon/server.hocon); flags win. [default: none, built-in defaults]" };
        var port = new Option<int?>("--port") { Description = $"TCP port of this node (the seed node clients name). [default: {d.Port}]" };
        var hostname = new Option<string?>("--hostname") { Description = $"Interface to listen on, e.g. 127.0.0.1 or 0.0.0.0. [default: {d.Hostname}]" };
        var publicHostname = new Option<string?>("--public-hostname") { Description = "Host name other nodes use to reach this one. [default: --hostname]" };
        var journal = new Option<string?>("--journal") { Description = "postgres:CONNECTION-STRING, sqlite:PATH or memory. [default: sqlite:OUT/journal.db]" };
        var journalKey = new Option<string?>("--journal-key") { Description = "A key file to seal the journal's records with (made with a random key when missing). [default: a key derived from --identity]" };
        var acceptUnsealed = new Option<bool?>("--accept-unsealed-journal") { Description = "Replay journal records an older build wrote without a seal, UNCHECKED (prints a warning); only to finish its sessions. [default: off, refused]" };
        var journalOutage = new Option<string?>("--journal-outage") { Description = $"Ride out a journal outage this long (e.g. a PostgreSQL restart); a longer one fails the session in progress and the server waits up to ten times this for the journal. [default: {d.JournalOutage!.Value.TotalSeconds:0}s]" };
        var minClients = new Option<int?>("--min-clients") { Description = $"A session starts once this many clients registered. [default: {d.MinClients}]" };
        var maxClients = new Option<int?>("--max-clients") { Description = $"At most this many registered clients take part in a session (the rest wait for the next); it bounds the server's frame size. [default: {d.MaxClients}]" };
        var joinTimeout = new Option<string?>("--join-timeout") { Description = $"Give up if --min-clients have not registered by then, e.g. 60s. [default: {d.JoinTimeout.TotalSeconds:0.#}s]" };
        var sessions = new Option<int?>("--sessions") { Description = $"Aggregation sessions to run, then leave the cluster (0 = until stopped). [default: {d.Sessions}]" };
        var length = new Option<int?>("--length", "-m") { Description = $"Vector length m. [default: {d.Length}]" };
        var bits = new Option<int?>("--bits", "-b") { Description = $"Bits per word b (R = 2^b). [default: {d.Bits}]" };
        var threshold = new Option<int?>("--threshold", "-t") { Description = "Shamir threshold t. [default: ⌊2s/3⌋+1]" };
        var neighbours = new Option<int?>("--neighbours", "-k") { Description = "SecAgg+ neighbours per client. [default: the complete graph]" };
        var roundTimeout = new Option<string?>("--round-timeout") { Description = $"Deadline of each round, e.g. 10s. [default: {d.RoundTimeout.TotalSeconds:0.###}s]" };
        var seed = new Option<int?>("--seed") { Description = $"Seed of the clients' simulated inputs (the server checks the aggregate against it). [default: {d.Seed}]" };
        var output = new Option<string?>("--out") { Description = $"Folder for rounds.csv, sessions.csv, summary.json (and the SQLite journal). [default: {d.Out}]" };
        var train = new Option<bool?>("--train") { Description = "Federated training: a secure moment sum, then one session per FedAvg round; the server evaluates on the test subjects. [default: off, simulated inputs]" };
        var data = new Option<string?>("--data") { Description = "With --train: the UCI HAPT data; the server uses the test subjects. [default: $SECAGG_DATA, else data/uci-hapt/]" };
        var rounds = new Option<int?>("--rounds") { Description = $"With --train: training rounds. [default: {d.Rounds}]" };
        var mode = new Option<string?>("--security") { Description = "semi-honest or active (signed keys and ConsistencyCheck). [default: semi-honest]" };
        mode.AcceptOnlyFromAmong("semi-honest", "active");
        var trustedKeys = new Option<string?>("--trusted-keys") { Description = "The enrolled clients' public keys; a client registers by proving it holds its key (secagg keys writes trusted-keys.txt). Required unless --open-enrolment. [default: none]" };
        var identity = new Option<string?>("--identity") { Description = "The server's Ed25519 identity key; it signs every control message to clients, who pin its public key (secagg keys writes server.key). Required. [default: none]" };
        var openEnrolment = new Option<bool?>("--open-enrolment") { Description = "Let names that are not enrolled register without proof (semi-honest only). Sybil-prone: one node can pose as many clients. [default: off]" };
        var serverName = new Option<string?>("--name") { Description = $"The server's name: its journal stream; a restart with the same name and journal resumes. [default: {d.Name}]" };
        var logLevel = new Option<string?>("--log-level") { Description = $"Log level: DEBUG, INFO, WARNING or ERROR. [default: {d.LogLevel}]" };

        var certificate = new Option<string?>("--certificate") { Description = "This node's TLS certificate with its key (NODE.pfx; secagg pki writes them). [default: none: required unless --insecure-transport]" };
        var authority = new Option<string?>("--ca") { Description = "The deployment CA (ca.crt from secagg pki): peers must present a certificate it issued. [default: none: required unless --insecure-transport]" };
        var insecure = new Option<bool>("--insecure-transport") { Description = "Plain TCP between nodes, no TLS, no authentication (tests on one machine only). [default: off]" };
        var flags = new FlagBindings(ServerOptions.Block)
            .Add(port, "port").Add(hostname, "hostname").Add(publicHostname, "public-hostname").Add(journal, "journal").Add(journalKey, "journal-key").Add(acceptUnsealed, "accept-unsealed-journal").Add(journalOutage, "journal-outage").Add(minClients, "min-clients").Add(maxClients, "max-clients")
            .Add(joinTimeout, "join-timeout").Add(sessions, "sessions").Add(length, "length").Add(bits, "bits").Add(threshold, "threshold")
            .Add(neighbours, "neighbours").Add(roundTimeout, "round-timeout").Add(seed, "seed").Add(output, "out").Add(serverName, "name")
            .Add(train, "train").Add(data, "data").Add(rounds, "rounds").Add(mode, "security").Add(trustedKeys, "trusted-keys").Add(identity, "identity")
            .Add(openEnrolment, "open-enrolment").Add(logLevel, "log-level")
            .Add(certificate, "certificate").Add(authority, "ca").Add(insecure, "insecure-transport");

        var command = new Command("server", "Run the server node of a SecAgg cluster: client nodes register, sessions run when enough have joined.")
        {
            config, port, hostname, publicHostname, journal, journalKey, acceptUnsealed, journalOutage, minClients, maxClients, joinTimeout, sessions, length, bits, threshold, neighbours, roundTimeout, seed,
            output, serverName, train, data, rounds, mode, trustedKeys, identity, openEnrolment, logLevel, certificate, authority, insecure,
        };
        command.SetAction(async (result, cancellation) =>
        {
            ServerNodeConfig settings;
            ClusterNodeSettings node;
            long frameSize;
            Config? file;
            try
            {
                file = result.GetValue(config) is { } path ? HoconFile.Load(path.FullName, ServerOptions.Block) : null;
                settings = ServerNodeConfig.Of(ServerNodeConfig.Load(file, flags, result));
                settings.RequireKeys();
                node = new ClusterNodeSettings(ClusterAkkaConfig.ServerRole, settings.Hostname, settings.PublicHostname, settings.Port, file, settings.LogLevel,
                    settings.JournalTarget(), Tls: settings.Tls(), JournalOutage: settings.JournalOutage);
                frameSize = settings.FrameSize(file, new SimulatedInputTask(settings.Length, settings.Bits));
                settings.Validate(frameSize);
                OutputFolder.Prepare(settings.Out);
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"secagg server: {error.Message}");
                return 2;
            }
            IServerSessionTask task;
            try
            {
                if (settings.Train)
                {
                    var raw = await ClusterTrainingData.LoadRawAsync(settings.Data, cancellation);
                    task = new ClusterTrainingServer(TrainingSettings(settings), raw);
                    // Training decides how many sessions it needs: the moment sum and one per round.
                    settings = settings with { Sessions = 0 };
                }
                else
                {
                    task = new SimulatedInputTask(settings.Length, settings.Bits);
                }
                frameSize = settings.FrameSize(file, task);
                settings.ServerSettings(frameSize).Validate(task);
                // The decoders refuse a vector longer than the sessions' m before allocating it (a forged 2 MiB message
                // bit-packed at 1 bit would otherwise decode to 128 MiB).
                node = node with
                {
                    MaxVectorLength = task is ClusterTrainingServer training ? training.MaxVectorLength : settings.Length,
                    MaximumFrameSize = frameSize,
                };
            }
            catch (Exception error) when (error is ArgumentException or DataFormatException or DataDownloadException or IOException)
            {
                Console.Error.WriteLine($"secagg server: {error.Message}");
                return 2;
            }
            // After every check, so a refused start is one line.
            if (node.Tls is null)
                Console.Error.WriteLine($"secagg server: {TransportChoice.InsecureWarning}");
            if (settings.AcceptUnsealedJournal)
                Console.Error.WriteLine($"secagg server: {ServerNodeConfig.UnsealedWarning}");
            return await RunAsync(settings, node, frameSize, task, cancellation);
        });
        return command;
    }

    private static TrainingSettings TrainingSettings(ServerNodeConfig settings) =>
        new(TrainingMode.Secure, Rounds: settings.Rounds, Seed: settings.Seed, RoundTimeout: settings.RoundTimeout, Threshold: settings.Threshold);

    private static async Task<int> RunAsync(ServerNodeConfig settings, ClusterNodeSettings nodeSettings, long frameSize, IServerSessionTask task,
        CancellationToken cancellation)
    {
        var output = new ProgressLog(Console.Out);
        // The default journal lives in the output folder, which must exist before the journal is checked.
        Directory.CreateDirectory(settings.Out);
        await using var node = await NodeLifetime.StartAsync("server", nodeSettings, (_, _) => { }, cancellation);
        if (node is null)
            return InfrastructureFailure.ExitCode;
        var system = node.System;
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        output.Say($"server node {self} (role server), journal {settings.JournalTarget()} sealed with {(settings.JournalKey is { } keyFile ? $"the key in {keyFile}" : "a key derived from the identity")}, waiting for {settings.MinClients} clients " +
                   $"(join timeout {settings.JoinTimeout.TotalSeconds:0.#} s), {(settings.Sessions > 0 ? $"{settings.Sessions} sessions" : settings.Train ? "sessions until training is done" : "sessions until stopped")}");
        output.Say($"task: {task.Description}");
        output.Say($"remoting frames up to {frameSize:N0} bytes; masked inputs larger than {MessageChunk.PartBytes:N0} bytes go in parts");
        if (task.Payload().Length + 4096L > ClusterAkkaConfig.ClientFrameSize)
            Console.Error.WriteLine($"secagg server: warning: the task payload is {task.Payload().Length:N0} bytes, more than a client node's default frame " +
                                    $"({ClusterAkkaConfig.ClientFrameSize:N0} bytes): client nodes need a larger akka.remote.dot-netty.tcp.maximum-frame-size.");
        var serverSettings = settings.ServerSettings(frameSize);
        output.Say($"server identity {Convert.ToHexStringLower(serverSettings.Identity!.PublicKey)} (clients pin it with --server-key); " +
                   (settings.OpenEnrolment
                       ? "OPEN ENROLMENT: any node may register any name that is not enrolled, without proof (Sybil-prone)"
                       : $"enrolment: the {serverSettings.Trusted!.Count} clients of {settings.TrustedKeys}, each proving its key"));
        var writer = system.ActorOf(ServerResultsWriter.Props(settings.Out, settings.Sessions, output), "results");
        node.Registry.Register<ServerResultsWriter>(writer);
        node.Registry.Register<ClusterSessionCoordinator>(
            system.ActorOf(ClusterSessionCoordinator.Props(serverSettings, task, writer), ClusterServerSettings.CoordinatorName));

        var answer = writer.Ask<RunFinished>(AwaitRunFinished.Instance, Timeout.InfiniteTimeSpan);
        var error = await NodeLifetime.WaitAsync(system, ErrorOf(answer), cancellation);
        if (!answer.IsCompleted && !system.WhenTerminated.IsCompleted)
        {
            // Stopped by a signal: the writer answers with the sessions finished so far.
            writer.Tell(new ServerNodeStopped(error));
            await Task.WhenAny(answer, system.WhenTerminated, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        var results = answer.IsCompletedSuccessfully ? answer.Result.Results : [];
        // The training run as the results writer last heard of it from the coordinator.
        var training = answer.IsCompletedSuccessfully ? answer.Result.Training : null;
        await NodeLifetime.LeaveAsync(system);
        var completed = results.Count(r => r.Completed);
        var verified = results.Count(r => r.Verified == true);
        var failed = results.Count(r => r.AbortReason is IInfrastructureFailure);
        var aborted = results.Count - completed - failed;
        var infrastructure = failed > 0 || answer.IsCompletedSuccessfully && answer.Result.Infrastructure;
        // Aborted sessions are legitimate outcomes (nothing revealed); a wrong aggregate or a failed journal never is.
        var ok = error is null && !infrastructure && completed > 0 && results.All(r => r.Verified != false)
                 && (!settings.Train || training?.Rounds.Any(m => !m.Skipped) == true);
        if (error is not null)
            Console.Error.WriteLine($"secagg server: {error}");
        var accuracy = "";
        if (training is not null && training.Rounds.Count > 0)
        {
            var run = new TrainingRun(TrainingSettings(settings), training.Rounds, training.Model, training.Final, TimeSpan.Zero);
            TrainOutput.WriteMetrics(Path.Combine(settings.Out, "metrics.csv"), [run]);
            TrainOutput.PlotAccuracy(Path.Combine(settings.Out, "accuracy.png"), [run]);
            accuracy = FormattableString.Invariant($" rounds={training.Rounds.Count} accuracy={run.Final.Accuracy:F4}");
            output.Say($"training: {training.Rounds.Count} rounds, final test accuracy {run.Final.Accuracy:F4}, macro F1 {run.Final.MacroF1:F4} (metrics.csv, accuracy.png)");
        }
        output.Say($"results in {Path.GetFullPath(settings.Out)} (rounds.csv, sessions.csv, summary.json)");
        Console.WriteLine($"server sessions={results.Count} completed={completed} aborted={aborted} verified={verified}{(failed > 0 ? $" infrastructure-failures={failed}" : "")}{accuracy} {(ok ? "ok" : "FAILED")}");
        return ok ? 0 : infrastructure ? InfrastructureFailure.ExitCode : 1;
    }

    private static async Task<string?> ErrorOf(Task<RunFinished> run) => (await run).Error;
}
