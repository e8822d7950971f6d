using System.CommandLine;
using System.Diagnostics;
using Akka.Actor;
using SecureAgg.Actors.InProcess;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Output;
using SecureAgg.Host.Report;
using SecureAgg.Host.Sizing;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Simulate;

/// <summary>
/// <c>secagg simulate</c>: aggregation rounds over real actors in one process — a server session actor with a durable
/// journal and n client actors — with dropouts injected from HOCON or flags and found by the real deadlines.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var d = new SimulationOptions();
        var clients = new Option<int>("--clients", "-n") { Description = "Number of clients n.", DefaultValueFactory = _ => d.Clients };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Aggregation rounds to run.", DefaultValueFactory = _ => d.Rounds };
        var length = new Option<int>("--length", "-m") { Description = "Vector length m.", DefaultValueFactory = _ => d.Length };
        var bits = new Option<int>("--bits", "-b") { Description = "Bits per word b (R = 2^b).", DefaultValueFactory = _ => d.Bits };
        var threshold = new Option<int>("--threshold", "-t") { Description = "Shamir threshold t (0 = ⌊2s/3⌋+1).", DefaultValueFactory = _ => d.Threshold };
        var protocol = new Option<string>("--protocol") { Description = "secagg or secagg+.", DefaultValueFactory = _ => d.Protocol };
        protocol.AcceptOnlyFromAmong("secagg", "secagg+");
        var neighbours = new Option<int>("--neighbours", "-k") { Description = "SecAgg+ neighbours per client (0 = the smallest safe even k ≥ 3·log2 n at this dropout rate).", DefaultValueFactory = _ => d.Neighbours };
        var security = new Option<string>("--security") { Description = "semi-honest or active (signed keys and ConsistencyCheck).", DefaultValueFactory = _ => d.Security };
        security.AcceptOnlyFromAmong("semi-honest", "active");
        var dropout = new Option<double>("--dropout") { Description = "Probability that each client drops out at --dropout-round (replaces the config's dropout schedule).", DefaultValueFactory = _ => 0 };
        var dropoutRound = new Option<string>("--dropout-round") { Description = "The round --dropout hits.", DefaultValueFactory = _ => "mask" };
        dropoutRound.AcceptOnlyFromAmong([.. RoundNames.All.Keys]);
        var timeout = new Option<string>("--round-timeout") { Description = "Deadline of each round, e.g. 500ms, 5s.", DefaultValueFactory = _ => d.RoundTimeout.ToString() };
        var config = new Option<FileInfo?>("--config") { Description = "HOCON file with a secagg.simulation block (see hocon/); flags given on the command line win." };
        var journal = new Option<string>("--journal") { Description = "sqlite:PATH, postgres:CONNECTION-STRING or memory.", DefaultValueFactory = _ => "sqlite:OUT/journal.db" };
        var journalKey = new Option<string?>("--journal-key") { Description = "The key file the journal is sealed with (made with a random key when missing). [default: OUT/journal.key]" };
        var output = new Option<string>("--out") { Description = "Folder for metrics.csv, summary.json and the journal.", DefaultValueFactory = _ => d.Out };
        var seed = new Option<int>("--seed") { Description = "Seed for inputs and dropout draws.", DefaultValueFactory = _ => d.Seed };
        var crash = new Option<string?>("--crash-after") { Description = "Crash the server right after journalling this round's close; it recovers from the journal. [default: no crash]" };
        crash.AcceptOnlyFromAmong([.. RoundNames.All.Keys.Where(name => RoundNames.All[name] < ProtocolRound.Unmasking)]);
        var flags = new FlagBindings(SimulationOptions.Block)
            .Add(clients, "clients").Add(rounds, "rounds").Add(length, "length").Add(bits, "bits").Add(threshold, "threshold").Add(protocol, "protocol")
            .Add(neighbours, "neighbours").Add(security, "security").Add(timeout, "round-timeout").Add(journal, "journal").Add(journalKey, "journal-key").Add(output, "out").Add(seed, "seed");

        var command = new Command("simulate", "Run aggregation rounds over Akka.NET actors in one process, with dropouts and a durable journal.")
        {
            clients, rounds, length, bits, threshold, protocol, neighbours, security, dropout, dropoutRound, timeout, config, journal, journalKey, output, seed, crash,
        };
        command.SetAction(async (result, cancellation) =>
        {
            SimulationConfig settings;
            try
            {
                var file = result.GetValue(config) is { } path ? HoconFile.Load(path.FullName, SimulationOptions.Block) : null;
                settings = SimulationConfig.Of(SimulationConfig.Load(file, flags, result)) with
                {
                    CrashServerAfter = result.GetValue(crash) is { } c ? (ServerPhase)(int)RoundNames.Parse(c) : null,
                };
                // --dropout replaces the file's whole schedule (and its sweep), so it is applied after binding.
                if (result.Given(dropout) is { } probability)
                {
                    var round = RoundNames.Parse(result.GetValue(dropoutRound)!);
                    settings = settings with { Dropouts = DropoutSchedule.At(round, probability), Sweep = [] };
                }
                else if (result.GivenText(dropoutRound) is not null)
                {
                    throw new ArgumentException("--dropout-round needs --dropout.");
                }
                settings.Validate();
                SimulationMemory.Of(settings).Check("this simulation", MemoryEstimate.Available());
                OutputFolder.Prepare(settings.Out);
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"secagg simulate: {error.Message}");
                return 2;
            }
            return await Run(settings, cancellation);
        });
        return command;
    }

    private static async Task<int> Run(SimulationConfig settings, CancellationToken cancellation)
    {
        var journal = settings.JournalTarget();
        JournalIntegrity? integrity;
        string? keyFile;
        try
        {
            (integrity, keyFile) = JournalKeys.ForInProcess(journal, settings.JournalKey, settings.Out);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"secagg simulate: {error.Message}");
            return 2;
        }
        var experiments = settings.Experiments();
        var results = new List<SimulationRoundResult>();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"secagg simulate: n={settings.Clients} m={settings.Length} b={settings.Bits} protocol={(settings.SparseGraph ? "secagg+" : "secagg")} " +
                          $"security={(settings.Mode == SecurityMode.Active ? "active" : "semi-honest")} rounds={settings.Rounds} timeout={settings.RoundTimeout.TotalMilliseconds:F0}ms " +
                          $"journal={journal}{(keyFile is null ? "" : $" journal-key={keyFile}")} out={settings.Out}{(settings.CrashServerAfter is { } phase ? $" crash-after={phase}" : "")}");

        try
        {
            Console.WriteLine(RunJournal.Prepare(journal, isDefault: settings.Journal is null));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"secagg simulate: cannot replace the previous run's journal: {error.Message}");
            return 2;
        }
        var maxLength = experiments.Max(e => settings.Parameters(e.Dropouts.Rounds.Values.Select(d => d.Probability).DefaultIfEmpty(0).Sum()).VectorLength);
        InProcessNode node;
        try
        {
            node = await InProcessNode.StartAsync(new InProcessSystemSettings(journal, maxLength, settings.SerializeMessages, Integrity: integrity,
                KeepSessionEvents: settings.KeepEvents), cancellation);
        }
        catch (JournalUnavailableException error)
        {
            return InfrastructureFailure.Print("simulate", error.Message);
        }
        await using var _ = node;
        var writer = node.System.ActorOf(SimulationResultsWriter.Props(settings.Out, !Console.IsOutputRedirected), "results");
        string? stopped = null;
        for (var e = 0; e < experiments.Count && stopped is null; e++)
        {
            var (sweepValue, dropouts) = experiments[e];
            var parameters = settings.Parameters(dropouts.Rounds.Values.Select(d => d.Probability).DefaultIfEmpty(0).Sum());
            var label = experiments.Count > 1 ? $"[{e + 1}/{experiments.Count} dropout={sweepValue}] " : "";
            Console.WriteLine($"{label}t={parameters.Threshold}{(parameters.IsComplete ? "" : $" k={parameters.Neighbours}")} dropouts: {dropouts}");
            var simulation = new ActorSimulation(new SimulationSettings(parameters, settings.Rounds, dropouts, settings.RoundTimeout, settings.Seed,
                settings.CrashServerAfter), node.Coordinator);
            for (var round = 1; round <= settings.Rounds && stopped is null; round++)
            {
                writer.Tell(new SimulationRoundStarted(label, round, settings.Rounds));
                try
                {
                    var result = await simulation.RunRoundAsync(round, writer, cancellation);
                    results.Add(result);
                    writer.Tell(new SimulationRoundFinished(sweepValue, result));
                }
                catch (Exception error) when (error is AskTimeoutException or OperationCanceledException)
                {
                    // The rounds that finished are still written below.
                    stopped = cancellation.IsCancellationRequested
                        ? $"stopped by a signal during {label}round {round}"
                        : $"{label}round {round} did not finish within its limit of 8 × round-timeout + 1 min (the server or the machine is too slow for n = {settings.Clients})";
                }
            }
        }

        // Rounds can all succeed in SQLite's write-ahead log while the database file under it was destroyed: the
        // journal is checked again, so a run never ends ok with a journal nobody can recover or report from.
        string? journalAtEnd = null;
        try
        {
            await JournalPreflight.CheckAsync(journal, CancellationToken.None);
        }
        catch (JournalUnavailableException error)
        {
            journalAtEnd = error.Message;
        }

        var written = await writer.Ask<SimulationResultsWritten>(new WriteSimulationResults(settings, journal, clock.Elapsed), TimeSpan.FromMinutes(1), CancellationToken.None);
        if (written.Error is { } writeError)
        {
            Console.Error.WriteLine($"secagg simulate: could not write the results: {writeError}");
            return 1;
        }
        Console.WriteLine($"wrote {written.Metrics} and {written.Summary}");
        if (stopped is not null)
        {
            Console.Error.WriteLine($"secagg simulate: {stopped}; {results.Count} finished round(s) written.");
            return 1;
        }

        // A session actor that stopped without an outcome (journal down, recovery refused) is the infrastructure
        // failing, not the protocol aborting: it is never counted as an abort, and never ends in ok.
        var failures = results.Where(r => r.Report.AbortReason is IInfrastructureFailure).ToList();
        var completed = results.Count(r => r.Report.Completed);
        var aborted = results.Count - completed - failures.Count;
        var verified = results.Count(r => r.Verified);
        var line = $"simulate rounds={results.Count} completed={completed} aborted={aborted} verified={verified}";
        if (failures.Count > 0 || journalAtEnd is not null)
        {
            if (failures.Count > 0)
                Console.Error.WriteLine($"secagg simulate: {failures.Count} round(s) failed because the server could not run ({failures[0].Report.AbortReason!.Message}).");
            if (journalAtEnd is not null)
                Console.Error.WriteLine($"secagg simulate: the journal {journal} failed its check at the end of the run: {journalAtEnd}");
            Console.WriteLine($"{line} infrastructure-failures={failures.Count + (journalAtEnd is null ? 0 : 1)} FAILED");
            return InfrastructureFailure.ExitCode;
        }
        if (verified != completed)
        {
            Console.Error.WriteLine($"secagg simulate: {completed - verified} completed round(s) did NOT equal the plaintext sum of their survivors' inputs.");
            Console.WriteLine(line);
            return 1;
        }
        Console.WriteLine(line + " ok");
        return 0;
    }
}
