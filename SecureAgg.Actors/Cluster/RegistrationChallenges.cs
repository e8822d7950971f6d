using System.Security.Cryptography;

namespace SecureAgg.Actors.Cluster;

/// <summary>What a registration proof's challenge turned out to be.</summary>
public enum ChallengeCheck
{
    /// <summary>Issued to this agent for this name, not used before and not expired: now used up.</summary>
    Valid,

    /// <summary>Never issued to this agent for this name, or used already (a replayed proof).</summary>
    Unknown,

    /// <summary>Issued, but longer ago than the lifetime (a stale proof); used up too.</summary>
    Expired,
}

/// <summary>
/// The server's outstanding registration challenges: fresh random bytes per (agent, registration nonce), each good
/// for one answer within <paramref name="lifetime"/>. A repeated request with the same nonce gets the same challenge
/// (agents repeat requests until answered; an answer already on its way still counts). Bounded: beyond
/// <paramref name="capacity"/> outstanding challenges, expired ones are dropped and then new requests refused.
/// Generic in the agent so it is tested without an actor system; the clock is the caller's.
/// </summary>
public sealed class RegistrationChallenges<TAgent>(TimeSpan lifetime, int capacity = 10_000)
    where TAgent : notnull
{
    public const int ChallengeSize = 32;

    private sealed record Pending(TAgent Agent, string Name, string Nonce, byte[] Challenge, DateTimeOffset Issued);

    private readonly Dictionary<string, Pending> _byChallenge = [];
    private readonly Dictionary<(TAgent Agent, string Nonce), Pending> _byRequest = [];

    public int Count => _byChallenge.Count;

    /// <summary>The challenge for this request; null when too many are outstanding.</summary>
    public byte[]? Issue(TAgent agent, string name, byte[] nonce, DateTimeOffset now)
    {
        var key = (agent, Convert.ToHexString(nonce));
        if (_byRequest.TryGetValue(key, out var earlier))
        {
            if (earlier.Name == name && now - earlier.Issued < lifetime)
                return earlier.Challenge;
            Remove(earlier);
        }
        if (_byChallenge.Count >= capacity)
        {
            foreach (var expired in _byChallenge.Values.Where(pending => now - pending.Issued >= lifetime).ToArray())
                Remove(expired);
            if (_byChallenge.Count >= capacity)
                return null;
        }
        var pending = new Pending(agent, name, key.Item2, RandomNumberGenerator.GetBytes(ChallengeSize), now);
        _byChallenge[Convert.ToHexString(pending.Challenge)] = pending;
        _byRequest[key] = pending;
        return pending.Challenge;
    }

    /// <summary>Uses up the challenge if <paramref name="agent"/> was given it for <paramref name="name"/>.</summary>
    public ChallengeCheck Redeem(TAgent agent, string name, byte[] challenge, DateTimeOffset now)
    {
        if (!_byChallenge.TryGetValue(Convert.ToHexString(challenge), out var pending) || !pending.Agent.Equals(agent) || pending.Name != name)
            return ChallengeCheck.Unknown;
        Remove(pending);
        return now - pending.Issued < lifetime ? ChallengeCheck.Valid : ChallengeCheck.Expired;
    }

    private void Remove(Pending pending)
    {
        _byChallenge.Remove(Convert.ToHexString(pending.Challenge));
        _byRequest.Remove((pending.Agent, pending.Nonce));
    }
}
