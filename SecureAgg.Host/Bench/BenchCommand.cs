using System.CommandLine;
using SecureAgg.Host.Configuration;
using SecureAgg.Host.Output;
using SecureAgg.Host.Sizing;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Bench;

/// <summary><c>secagg bench</c>: one round of the pure protocol in one process, every client simulated.</summary>
public static class BenchCommand
{
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var clients = new Option<int>("--clients", "-n") { Description = "Number of clients n.", DefaultValueFactory = _ => 100 };
        var length = new Option<int>("--length", "-m") { Description = "Vector length m.", DefaultValueFactory = _ => 100_000 };
        var bits = new Option<int>("--bits", "-b") { Description = "Bits per word b (R = 2^b), 8..62.", DefaultValueFactory = _ => ProtocolParameters.DefaultBits };
        var threshold = new Option<int?>("--threshold", "-t") { Description = "Shamir threshold t. [default: ⌊2s/3⌋+1 over a neighbourhood of s clients]" };
        var dropout = new Option<double>("--dropout") { Description = "Probability that each client vanishes at --dropout-round (the bench drops a uniformly random round(p·n) of them, so runs compare).", DefaultValueFactory = _ => 0.3 };
        var dropoutRound = new Option<string>("--dropout-round") { Description = "Round at which they vanish.", DefaultValueFactory = _ => "mask" };
        dropoutRound.AcceptOnlyFromAmong([.. RoundNames.All.Keys]);
        var protocol = new Option<string>("--protocol") { Description = "secagg (complete graph) or secagg+ (Harary graph).", DefaultValueFactory = _ => "secagg" };
        protocol.AcceptOnlyFromAmong("secagg", "secagg+");
        var neighbours = new Option<int?>("--neighbours", "-k") { Description = "SecAgg+ neighbours per client. [default: the smallest even k ≥ 3·log2 n that keeps every neighbourhood above t at this dropout rate]" };
        var security = new Option<string>("--security") { Description = "semi-honest or active (signed keys and ConsistencyCheck).", DefaultValueFactory = _ => "semi-honest" };
        security.AcceptOnlyFromAmong("semi-honest", "active");
        var seed = new Option<int>("--seed") { Description = "Seed for inputs, dropouts and the graph.", DefaultValueFactory = _ => 1 };
        var sequential = new Option<bool>("--sequential") { Description = "Run clients one after another on one core (for comparison)." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Append one row with this run's figures to a CSV file (header written when new). [default: none]" };

        var command = new Command("bench", "Run one aggregation round of the pure protocol in one process and check the result.")
        {
            clients, length, bits, threshold, dropout, dropoutRound, protocol, neighbours, security, seed, sequential, csv,
        };
        command.SetAction(result => Run(new BenchSettings(
            result.GetValue(clients), result.GetValue(length), result.GetValue(bits), result.GetValue(threshold),
            result.GetValue(dropout), RoundNames.Parse(result.GetValue(dropoutRound)!), result.GetValue(protocol) == "secagg+",
            result.GetValue(neighbours), result.GetValue(security) == "active" ? SecurityMode.Active : SecurityMode.SemiHonest,
            result.GetValue(seed), !result.GetValue(sequential)), result.GetValue(csv)));
        return command;
    }

    private static int Run(BenchSettings settings, FileInfo? csv)
    {
        ProtocolParameters parameters;
        try
        {
            parameters = settings.ToParameters();
            if (settings.Dropout is < 0 or > 1)
                throw new ArgumentException($"--dropout must be between 0 and 1, got {settings.Dropout}.");
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"secagg bench: invalid parameters: {error.Message}");
            return 2;
        }
        try
        {
            BenchMemory.Of(parameters).Check("this round", MemoryEstimate.Available());
            if (csv is not null)
                OutputFolder.PrepareFile(csv.FullName);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"secagg bench: {error.Message}");
            return 2;
        }

        // A small warm-up round first, so the figures measure the protocol rather than the JIT compiler.
        LocalRound.Run(ProtocolParameters.WithDefaults(6, 64, parameters.Bits, parameters.Mode), DropoutPlan.Random(6, 1.0 / 6, ProtocolRound.MaskedInputCollection, 1), settings.Seed, settings.Parallel);

        var plan = DropoutPlan.Random(parameters.ClientCount, settings.Dropout, settings.DropoutRound, settings.Seed);
        var progress = new LocalRoundProgress();
        LocalRoundResult result;
        using (new ProgressTicker(new ProgressLog(Console.Out), () => $"bench: {progress}", ProgressPeriod))
            result = LocalRound.Run(parameters, plan, settings.Seed, settings.Parallel, progress: progress);
        BenchReport.Print(Console.Out, settings, result);
        if (csv is not null)
            BenchReport.AppendCsv(csv, settings, result);

        if (result.Abort is not null)
        {
            Console.Error.WriteLine($"secagg bench: the round aborted: {result.Abort.Message}");
            return 1;
        }
        if (!result.Verified)
        {
            Console.Error.WriteLine("secagg bench: the aggregate does NOT equal the plaintext sum of the survivors' inputs.");
            return 1;
        }
        Console.WriteLine(BenchReport.SummaryLine(settings, result) + " ok");
        return 0;
    }
}
