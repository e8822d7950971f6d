using System.CommandLine;
using SecureAgg.Protocol;
using static System.FormattableString;

namespace SecureAgg.Host.Wire;

/// <summary>
/// <c>secagg wire</c>: the exact bytes one client sends and receives per round in our encoding, computed from the codec
/// without running the protocol, and the resulting expansion over the plain input next to Bonawitz et al.'s 1.73×.
/// </summary>
public static class WireCommand
{
    /// <summary>Bonawitz et al. (CCS 2017): 16-bit inputs, 2^10 users, 2^20 entries.</summary>
    public const double PaperExpansion = 1.73;

    public static Command Create()
    {
        var clients = new Option<int>("--clients", "-n") { Description = "Number of clients n.", DefaultValueFactory = _ => 1024 };
        var length = new Option<int>("--length", "-m") { Description = "Vector length m.", DefaultValueFactory = _ => 1 << 20 };
        var inputBits = new Option<int>("--input-bits") { Description = "Bits per plain input word; the word size on the wire is b = input bits + ⌈log2 n⌉.", DefaultValueFactory = _ => 16 };
        var neighbours = new Option<int?>("--neighbours", "-k") { Description = "SecAgg+ neighbours per client. [default: the complete graph, SecAgg]" };
        var security = new Option<string>("--security") { Description = "semi-honest or active (signed keys and ConsistencyCheck).", DefaultValueFactory = _ => "semi-honest" };
        security.AcceptOnlyFromAmong("semi-honest", "active");
        var dropout = new Option<double>("--dropout") { Description = "Probability that a client shares its keys but never sends its masked input (repaired at the unmasking); costed as round(p·n) such clients.", DefaultValueFactory = _ => 0 };

        var command = new Command("wire", "Print the bytes per client and round of our wire format and the expansion over the plain input.")
        {
            clients, length, inputBits, neighbours, security, dropout,
        };
        command.SetAction(result => Run(Console.Out, result.GetValue(clients), result.GetValue(length), result.GetValue(inputBits), result.GetValue(neighbours),
            result.GetValue(security) == "active" ? SecurityMode.Active : SecurityMode.SemiHonest, result.GetValue(dropout)));
        return command;
    }

    public static int Run(TextWriter output, int clientCount, int length, int inputBits, int? neighbours, SecurityMode mode, double dropout)
    {
        WireCost cost;
        try
        {
            if (dropout is < 0 or > 1)
                throw new ArgumentException($"--dropout is a probability between 0 and 1, got {dropout}.");
            var dropouts = (int)Math.Round(dropout * clientCount, MidpointRounding.AwayFromZero); // as the bench rounds p·n
            if (inputBits is < 1 or > ProtocolParameters.MaxBits)
                throw new ArgumentException($"--input-bits must be between 1 and {ProtocolParameters.MaxBits}, got {inputBits}.");
            var bits = WireCost.WordBits(inputBits, Math.Max(1, clientCount));
            cost = WireCost.Of(ProtocolParameters.WithDefaults(clientCount, length, bits, mode, neighbours), inputBits, dropouts);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"secagg wire: invalid parameters: {error.Message}");
            return 2;
        }
        Print(output, cost);
        return 0;
    }

    public static void Print(TextWriter output, WireCost cost)
    {
        var p = cost.Parameters;
        var graph = p.IsComplete ? "SecAgg, complete graph" : Invariant($"SecAgg+, k={p.Neighbours}");
        var modeName = p.Mode == SecurityMode.Active ? "active" : "semi-honest";
        var dropped = p.IsComplete ? Invariant($"{cost.Dropouts}") : Invariant($"{cost.Dropouts} ({cost.NeighbourDropouts} of them neighbours)");
        output.WriteLine(Invariant($"secagg wire: {graph}, {modeName}, n={p.ClientCount} m={p.VectorLength} t={p.Threshold} dropouts={dropped}"));
        output.WriteLine(Invariant($"word size b = {p.Bits} bits = {cost.InputBits}-bit inputs + ⌈log2 {p.ClientCount}⌉, so the sum of n inputs cannot wrap"));
        output.WriteLine("bytes per client that finishes the round (our codec, no transport framing):");
        output.WriteLine();
        output.WriteLine(Invariant($"{"round",-24}{"upload",14}{"download",14}"));
        foreach (var round in cost.Rounds)
            output.WriteLine(Invariant($"{round.Round,-24}{round.Upload,14:N0}{round.Download,14:N0}"));
        output.WriteLine(Invariant($"{"total",-24}{cost.Upload,14:N0}{cost.Download,14:N0}"));
        output.WriteLine();
        output.WriteLine(Invariant($"plain input: {cost.PlainBytes:N0} bytes (m × {cost.InputBits} bits)"));
        output.WriteLine(Invariant($"expansion (upload / plain): {cost.Expansion:F3}×   Bonawitz et al. 2017 (16-bit inputs, n = 2^10, m = 2^20): {PaperExpansion:F2}×"));
    }
}
