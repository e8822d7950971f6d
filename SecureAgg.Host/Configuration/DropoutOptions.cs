using Microsoft.Extensions.Configuration;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Configuration;

/// <summary>The <c>dropout</c> block: one <see cref="RoundDropoutOptions"/> per round, by the short round names.</summary>
public sealed class DropoutOptions
{
    [ConfigurationKeyName("advertise")] public RoundDropoutOptions Advertise { get; set; } = new();
    [ConfigurationKeyName("share")] public RoundDropoutOptions Share { get; set; } = new();
    [ConfigurationKeyName("mask")] public RoundDropoutOptions Mask { get; set; } = new();
    [ConfigurationKeyName("consistency")] public RoundDropoutOptions Consistency { get; set; } = new();
    [ConfigurationKeyName("unmask")] public RoundDropoutOptions Unmask { get; set; } = new();

    public DropoutSchedule Schedule()
    {
        var rounds = new Dictionary<ProtocolRound, RoundDropout>();
        foreach (var (round, dropout) in new[]
                 {
                     (ProtocolRound.AdvertiseKeys, Advertise), (ProtocolRound.ShareKeys, Share), (ProtocolRound.MaskedInputCollection, Mask),
                     (ProtocolRound.ConsistencyCheck, Consistency), (ProtocolRound.Unmasking, Unmask),
                 })
        {
            if (dropout.Probability != 0 || dropout.Clients.Length > 0)
                rounds[round] = new RoundDropout(dropout.Probability, dropout.Clients);
        }
        return new DropoutSchedule(rounds);
    }
}
