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
        var entries = new Option<int>("--entries", "-m") { Description = "Vector length m.", DefaultValueFactory = _ => 1 << 20 };
        var inputBits = new Option<int>("--input-bits") { Description = "Bits per plain input word; the word size on the wire is b = input bits + ⌈log2 n⌉.", DefaultValueFactory = _ => 16 };
        var neighbours = new Option<int?>("--neighbours", "-k") { Description = "SecAgg+ neighbours per client (default: the complete graph, SecAgg)." };
        var mode = new Option<string>("--mode") { Description = "Security mode.", DefaultValueFactory = _ => "semi-honest" };
        mode.AcceptOnlyFromAmong("semi-honest", "active");
        var dropouts = new Option<int>("--dropouts") { Description = "Clients that share their keys but never send their masked input (repaired at the unmasking).", DefaultValueFactory = _ => 0 };

        var command = new Command("wire", "Print the bytes per client and round of our wire format and the expansion over the plain input.")
        {
            clients, entries, inputBits, neighbours, mode, dropouts,
        };
        command.SetAction(result => Run(Console.Out, result.GetValue(clients), result.GetValue(entries), result.GetValue(inputBits), result.GetValue(neighbours),
            result.GetValue(mode) == "active" ? SecurityMode.Active : SecurityMode.SemiHonest, result.GetValue(dropouts)));
        return command;
    }

    public static int Run(TextWriter output, int clientCount, int entries, int inputBits, int? neighbours, SecurityMode mode, int dropouts)
    {
        WireCost cost;
        try
        {
            if (inputBits is < 1 or > ProtocolParameters.MaxBits)
                throw new ArgumentException($"--input-bits must be between 1 and {ProtocolParameters.MaxBits}, got {inputBits}.");
            var bits = WireCost.WordBits(inputBits, Math.Max(1, clientCount));
            cost = WireCost.Of(ProtocolParameters.WithDefaults(clientCount, entries, bits, mode, neighbours), inputBits, dropouts);
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
