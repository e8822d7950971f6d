using System.CommandLine;
using Akka.Actor;
using SecureAgg.Host.Composition;
using SecureAgg.Host.Report;
using System.Globalization;
using SecureAgg.Actors.Training;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Output;
using SecureAgg.Host.Simulate;
using SecureAgg.Learning.Data;
using SecureAgg.Learning.Training;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Train;

/// <summary>
/// <c>secagg train</c>: federated activity recognition on the UCI HAPT recordings, one client per training subject,
/// every round's sum through secure aggregation (or plaintext FedAvg, or central training as the ceiling).
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var o = new TrainOptions();
        var rounds = new Option<int>("--rounds", "-r") { Description = "Federated rounds (central: epochs).", DefaultValueFactory = _ => o.Rounds };
        var perRound = new Option<int>("--clients-per-round") { Description = "Clients picked per round (0 = all).", DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--local-epochs") { Description = "Local epochs per round.", DefaultValueFactory = _ => o.LocalEpochs };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => o.BatchSize };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer sizes, e.g. 128,64.", DefaultValueFactory = _ => o.Hidden };
        var lr = new Option<double>("--lr") { Description = "Local Adam learning rate.", DefaultValueFactory = _ => o.LearningRate };
        var schedule = new Option<string>("--lr-schedule") { Description = "Local learning rate over the rounds: constant, or cosine (full in round 1, near 0 in the last).", DefaultValueFactory = _ => o.LearningRateSchedule };
        schedule.AcceptOnlyFromAmong("constant", "cosine");
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 penalty λ on the weights (not the biases) in local training.", DefaultValueFactory = _ => o.WeightDecay };
        var inputNoise = new Option<double>("--input-noise") { Description = "Augmentation: add N(0, σ²) to every standardised input of a local batch (0 = off).", DefaultValueFactory = _ => o.InputNoise };
        var crossValidate = new Option<int>("--cross-validate") { Description = "K ≥ 2: choose settings without the test set; K runs, each holding out every K-th training subject as validation (the test subjects are not loaded). 0 = off.", DefaultValueFactory = _ => 0 };
        var aggregation = new Option<string>("--aggregation") { Description = "secure (secure aggregation every round), plaintext (FedAvg summed in the clear) or central (pooled data, the ceiling).", DefaultValueFactory = _ => "secure" };
        aggregation.AcceptOnlyFromAmong("secure", "plaintext", "central");
        var serverOptimizer = new Option<string>("--server-optimizer") { Description = "fedavg, fedavgm or fedadam.", DefaultValueFactory = _ => "fedavg" };
        serverOptimizer.AcceptOnlyFromAmong("fedavg", "fedavgm", "fedadam");
        var serverLr = new Option<double?>("--server-lr") { Description = "Server learning rate. [default: 1; with fedadam 0.01]" };
        var clip = new Option<double>("--clip") { Description = "Clip each weighted update coordinate to ±c before quantising.", DefaultValueFactory = _ => o.Clip };
        var quantBits = new Option<int>("--quantization-bits") { Description = "Quantisation levels 2^q per coordinate.", DefaultValueFactory = _ => o.QuantizationBits };
        var protocol = new Option<string>("--protocol") { Description = "secagg or secagg+.", DefaultValueFactory = _ => "secagg" };
        protocol.AcceptOnlyFromAmong("secagg", "secagg+");
        var neighbours = new Option<int?>("--neighbours", "-k") { Description = "SecAgg+ neighbours. [default: the smallest safe even k ≥ 3·log2 n at the dropout rate]" };
        var securityMode = new Option<string>("--security") { Description = "semi-honest or active.", DefaultValueFactory = _ => "semi-honest" };
        securityMode.AcceptOnlyFromAmong("semi-honest", "active");
        var dropout = new Option<double?>("--dropout") { Description = "Probability that each selected client drops at --dropout-round (secure aggregation). [default: 0, or the --config schedule]" };
        var dropoutRound = new Option<string>("--dropout-round") { Description = "advertise, share, mask, consistency or unmask.", DefaultValueFactory = _ => "mask" };
        dropoutRound.AcceptOnlyFromAmong([.. RoundNames.All.Keys]);
        var timeout = new Option<string>("--round-timeout") { Description = "Secure-aggregation round deadline.", DefaultValueFactory = _ => o.RoundTimeout.ToString() };
        var perSubject = new Option<int>("--clients-per-subject") { Description = "Split each training subject's windows into K clients.", DefaultValueFactory = _ => 1 };
        var partition = new Option<string>("--partition") { Description = "subject (non-IID, default) or iid.", DefaultValueFactory = _ => "subject" };
        partition.AcceptOnlyFromAmong("subject", "iid");
        var standardize = new Option<string>("--standardize") { Description = "global (default: from the training clients' securely summed moments) or per-client (each device its own; transductive on test subjects).", DefaultValueFactory = _ => "global" };
        standardize.AcceptOnlyFromAmong("per-client", "global");
        var data = new Option<string?>("--data") { Description = $"Data folder. [default: ${DataLocation.EnvironmentVariable}, else {DataLocation.DefaultRelativePath}, downloaded if missing]" };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out/train" };
        var journal = new Option<string?>("--journal") { Description = "Secure-aggregation journal: sqlite:PATH, postgres:CONNECTION-STRING or memory. [default: sqlite:OUT/journal.db]" };
        var journalKey = new Option<string?>("--journal-key") { Description = "The key file the journal is sealed with (made with a random key when missing). [default: OUT/journal.key]" };
        var seed = new Option<int>("--seed") { Description = "Seed for initialisation, client selection, batches and dropouts.", DefaultValueFactory = _ => 1 };
        var compare = new Option<bool>("--compare") { Description = "Run central, plaintext and secure with one seed and print one table." };
        var localOptimizer = new Option<string>("--optimizer") { Description = "Local optimiser: adam or sgd (momentum 0.9).", DefaultValueFactory = _ => "adam" };
        localOptimizer.AcceptOnlyFromAmong("adam", "sgd");
        var config = new Option<FileInfo?>("--config") { Description = "HOCON file with a secagg.train block: every flag's key, plus a dropout schedule per round (hocon/train-dropout.hocon); flags win. [default: none]" };
        var flags = new FlagBindings(TrainOptions.Block)
            .Add(rounds, "rounds").Add(perRound, "clients-per-round").Add(epochs, "local-epochs").Add(batch, "batch-size").Add(hidden, "hidden").Add(lr, "lr")
            .Add(aggregation, "aggregation").Add(serverOptimizer, "server-optimizer").Add(serverLr, "server-lr").Add(clip, "clip")
            .Add(quantBits, "quantization-bits").Add(protocol, "protocol").Add(neighbours, "neighbours").Add(securityMode, "security")
            .Add(timeout, "round-timeout").Add(perSubject, "clients-per-subject").Add(partition, "partition").Add(standardize, "standardize")
            .Add(data, "data").Add(output, "out").Add(journal, "journal").Add(journalKey, "journal-key").Add(seed, "seed").Add(compare, "compare").Add(localOptimizer, "optimizer")
            .Add(schedule, "lr-schedule").Add(weightDecay, "weight-decay").Add(inputNoise, "input-noise").Add(crossValidate, "cross-validate");

        var command = new Command("train", "Federated activity recognition on UCI HAPT with secure aggregation every round.")
        {
            rounds, perRound, epochs, batch, hidden, lr, aggregation, serverOptimizer, serverLr, clip, quantBits, protocol, neighbours, securityMode,
            dropout, dropoutRound, timeout, perSubject, partition, standardize, data, output, journal, journalKey, seed, compare, localOptimizer, config,
            schedule, weightDecay, inputNoise, crossValidate,
        };
        command.SetAction(async (result, cancellation) =>
        {
            TrainConfig run;
            try
            {
                var file = result.GetValue(config) is { } path ? HoconFile.Load(path.FullName, TrainOptions.Block, TrainConfig.MovedBlockHint) : null;
                run = TrainConfig.Of(TrainConfig.Load(file, flags, result));
                // --dropout replaces the file's whole schedule, so it is applied after binding.
                if (result.GetValue(dropout) is { } p)
                    run = run with { Training = run.Training with { Dropouts = DropoutSchedule.At(RoundNames.Parse(result.GetValue(dropoutRound)!), p) } };
                run.Training.Validate();
                if (run.Preparation.CrossValidationFolds == 1)
                    throw new ArgumentException("--cross-validate takes 0 (off) or at least 2 folds, got 1.");
                if (run.Preparation.CrossValidationFolds > 0 && run.Preparation.IidPartition)
                    throw new ArgumentException("--cross-validate holds out whole subjects, so it needs --partition subject.");
                if (run.Training.Dropouts is { } schedule)
                    schedule.Validate(int.MaxValue);
                OutputFolder.Prepare(run.Out);
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"secagg train: {error.Message}");
                return 2;
            }
            return await Run(run.Training, run.Preparation, run.Data, run.Out, run.Journal, run.JournalKey, run.Compare, cancellation);
        });
        return command;
    }

    private static async Task<int> Run(TrainingSettings settings, DataPreparation preparation, string? dataArgument, string outDir, string? journalSpec,
        string? journalKey, bool compare, CancellationToken cancellation)
    {
        ActivityData data;
        JournalTarget journal;
        InProcessNode? node = null;
        var secure = settings.Mode == TrainingMode.Secure || compare;
        try
        {
            journal = journalSpec is null ? JournalTarget.Sqlite(Path.Combine(outDir, "journal.db")) : JournalTarget.Parse(journalSpec);
            // Only secure aggregation journals (and so needs the key).
            var integrity = secure ? JournalKeys.ForInProcess(journal, journalKey, outDir).Integrity : null;
            if (secure)
                Console.WriteLine(RunJournal.Prepare(journal, isDefault: journalSpec is null));
            var location = await HaptDownloader.EnsureAsync(DataLocation.Resolve(dataArgument), Console.WriteLine, ct: cancellation);
            // One ActorSystem for the results writer and, with secure aggregation, the secure moment sum and every
            // secure round; only then does it need the journal (plaintext and central runs create none).
            node = await InProcessNode.StartAsync(new InProcessSystemSettings(secure ? journal : JournalTarget.Memory, Integrity: integrity), cancellation);
            if (preparation.CrossValidationFolds > 0)
                data = ActivityDataBuilder.BuildRaw(location, preparation, Console.WriteLine);
            else if (secure)
            {
                var coordinator = node.Coordinator;
                data = await ActivityDataBuilder.BuildAsync(location, preparation, Console.WriteLine,
                    (vectors, ct) => SecureMomentSum.SumAsync(vectors, coordinator, settings.Seed, settings.Timeout, ct), cancellation);
            }
            else
                data = ActivityDataBuilder.Build(location, preparation, Console.WriteLine);
        }
        catch (JournalUnavailableException error)
        {
            return InfrastructureFailure.Print("train", error.Message);
        }
        catch (Exception error) when (error is DataFormatException or DataDownloadException or ArgumentException or IOException or InvalidOperationException)
        {
            Console.Error.WriteLine($"secagg train: {error.Message}");
            if (node is not null)
                await node.DisposeAsync();
            return 2;
        }
        await using var _ = node;
        if (preparation.CrossValidationFolds > 0)
            return await CrossValidation.RunAsync(data, settings, preparation, node, secure, compare, outDir, cancellation);

        var writer = node.System.ActorOf(TrainResultsWriter.Props(outDir, Console.Out), "results");
        var modes = compare ? new[] { TrainingMode.Central, TrainingMode.FedAvg, TrainingMode.Secure } : [settings.Mode];
        var runs = new List<TrainingRun>();
        foreach (var mode in modes)
        {
            var modeSettings = settings with { Mode = mode };
            writer.Tell(new TrainRunStarted(modeSettings));
            try
            {
                var aggregator = secure ? SecureAggregator.Over(node.Coordinator) : null;
                var run = await new FederatedTrainer(modeSettings, data, aggregator)
                    .RunAsync(r => writer.Tell(new TrainRoundFinished(mode, modeSettings.Rounds, r)), cancellation);
                runs.Add(run);
            }
            catch (ArgumentException error)
            {
                // Parameters that only become invalid against the data (e.g. too few clients for the protocol). The
                // writer first finishes the lines and rows of the rounds before (an actor answers Identify in turn).
                await writer.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromMinutes(1), CancellationToken.None);
                Console.Error.WriteLine($"secagg train: {error.Message}");
                return 2;
            }
        }

        var results = new WriteTrainResults(runs, preparation, data.Standardizer, [.. data.TestSubjects.OfType<int>().Distinct()]);
        var written = await writer.Ask<TrainResultsWritten>(results, TimeSpan.FromMinutes(1), cancellation);
        if (written.Error is { } writeError)
        {
            Console.Error.WriteLine($"secagg train: could not write the results: {writeError}");
            return 1;
        }
        var main = runs[^1];
        Console.WriteLine($"wrote {outDir}/metrics.csv, accuracy.png, confusion.csv, model.json");
        if (compare)
        {
            Console.WriteLine();
            Console.WriteLine($"{"mode",-10}{"accuracy",10}{"macro F1",10}{"time s",10}");
            foreach (var run in runs)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{TrainOutput.Name(run.Settings.Mode),-10}{run.Final.Accuracy,10:F4}{run.Final.MacroF1,10:F4}{run.Elapsed.TotalSeconds,10:F1}"));
        }
        var applied = main.Rounds.Count(r => !r.Skipped);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"train aggregation={TrainOutput.Name(main.Settings.Mode)} rounds={main.Settings.Rounds} accuracy={main.Final.Accuracy:F3} f1={main.Final.MacroF1:F3}");
        if (applied == 0)
        {
            Console.Error.WriteLine($"secagg train: every one of the {main.Rounds.Count} rounds was skipped (aggregation aborted): the model is untrained.");
            Console.WriteLine(line);
            return 1;
        }
        var failed = main.Rounds.Count(r => r.Failed);
        if (failed > 0)
        {
            Console.Error.WriteLine($"secagg train: {failed} of {main.Rounds.Count} rounds failed because the server could not run ({main.Rounds.First(r => r.Failed).SkipReason}); the model skipped them.");
            Console.WriteLine($"{line} infrastructure-failures={failed} FAILED");
            return InfrastructureFailure.ExitCode;
        }
        if (applied < main.Rounds.Count)
            Console.WriteLine($"{main.Rounds.Count - applied} of {main.Rounds.Count} rounds were skipped (aggregation aborted).");
        Console.WriteLine(line + " ok");
        return 0;
    }
}
