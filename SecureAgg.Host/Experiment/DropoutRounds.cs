using SecureAgg.Host.Configuration;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// The values of the <c>dropout-round</c> axis: a round's short name (<see cref="RoundNames"/>), or <c>all</c>, where
/// each client drops with the cell's probability at every round of its mode (ConsistencyCheck only in active mode).
/// </summary>
public static class DropoutRounds
{
    public const string All = "all";

    public static IReadOnlyList<string> Names { get; } = [.. RoundNames.All.Keys, All];

    /// <summary>The rounds a value hits in a session of <paramref name="mode"/>.</summary>
    public static IReadOnlyList<ProtocolRound> Hit(string name, SecurityMode mode)
    {
        if (name != All)
            return [RoundNames.Parse(name)];
        return mode == SecurityMode.Active
            ? Enum.GetValues<ProtocolRound>()
            : Enum.GetValues<ProtocolRound>().Where(r => r != ProtocolRound.ConsistencyCheck).ToArray();
    }
}
