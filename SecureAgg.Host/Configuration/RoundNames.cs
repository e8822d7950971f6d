using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Host.Configuration;

/// <summary>The short round names every command and HOCON file uses (--dropout-round, --crash-after, dropout blocks).</summary>
public static class RoundNames
{
    public static readonly IReadOnlyDictionary<string, ProtocolRound> All = new Dictionary<string, ProtocolRound>
    {
        ["advertise"] = ProtocolRound.AdvertiseKeys,
        ["share"] = ProtocolRound.ShareKeys,
        ["mask"] = ProtocolRound.MaskedInputCollection,
        ["consistency"] = ProtocolRound.ConsistencyCheck,
        ["unmask"] = ProtocolRound.Unmasking,
    };

    public static ProtocolRound Parse(string name) =>
        All.TryGetValue(name, out var round) ? round : throw new ArgumentException($"Unknown round '{name}': use {string.Join(", ", All.Keys)}.");

    /// <summary>The short name of a server phase's round (e.g. "share"), or the phase itself past the last round.</summary>
    public static string Of(ServerPhase phase) =>
        All.FirstOrDefault(entry => (int)entry.Value == (int)phase).Key ?? phase.ToString();
}
