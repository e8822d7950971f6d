using System.Collections.Concurrent;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Serialization;

/// <summary>
/// Messages of real local rounds (semi-honest SecAgg, active SecAgg, SecAgg+), each sent through the codec on its way:
/// the protocol runs on the decoded copies, so a round that verifies shows the decoded messages are as good as the
/// originals. Captured once per test run.
/// </summary>
internal static class RealMessages
{
    public sealed record Capture(IProtocolMessage Original, byte[] Bytes, IProtocolMessage Decoded);

    public sealed record Run(string Name, LocalRoundResult Result, IReadOnlyList<Capture> Messages);

    private static readonly Lazy<IReadOnlyList<Run>> Captured = new(CaptureAll);

    public static IReadOnlyList<Run> Runs => Captured.Value;

    public static IEnumerable<Capture> All => Runs.SelectMany(r => r.Messages);

    /// <summary>The smallest message of each type in each run.</summary>
    public static IEnumerable<Capture> OnePerTypeAndRun =>
        Runs.SelectMany(r => r.Messages.GroupBy(c => c.Original.GetType()).Select(g => g.MinBy(c => c.Bytes.Length)!));

    private static IReadOnlyList<Run> CaptureAll() =>
    [
        CaptureRun("semi-honest SecAgg", ProtocolParameters.WithDefaults(8, 60, bits: 24),
            new Dictionary<int, ProtocolRound> { [3] = ProtocolRound.MaskedInputCollection, [6] = ProtocolRound.Unmasking }),
        CaptureRun("active SecAgg", ProtocolParameters.WithDefaults(8, 40, bits: 32, mode: SecurityMode.Active),
            new Dictionary<int, ProtocolRound> { [2] = ProtocolRound.MaskedInputCollection, [7] = ProtocolRound.ConsistencyCheck }),
        CaptureRun("SecAgg+", ProtocolParameters.WithDefaults(10, 30, bits: 61, neighbours: 4),
            new Dictionary<int, ProtocolRound> { [4] = ProtocolRound.MaskedInputCollection }),
    ];

    private static Run CaptureRun(string name, ProtocolParameters parameters, Dictionary<int, ProtocolRound> stops)
    {
        var captured = new ConcurrentQueue<Capture>();
        T RoundTrip<T>(T message) where T : IProtocolMessage
        {
            var bytes = ProtocolCodec.Encode(message);
            var decoded = (T)ProtocolCodec.Decode(bytes);
            captured.Enqueue(new Capture(message, bytes, decoded));
            return decoded;
        }
        var result = LocalRound.Run(parameters, new DropoutPlan(stops), seed: 3,
            hooks: new LocalRoundHooks(OnServerMessage: RoundTrip, OnClientMessage: RoundTrip));
        return new Run(name, result, captured.ToArray());
    }
}
