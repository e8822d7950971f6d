using System.Security.Cryptography;
using SecureAgg.Crypto;

namespace SecureAgg.Protocol;

/// <summary>
/// The server's reconstruction of one Unmasking round's secrets, each accepted only if it passes its owner's check
/// (s_sk against the advertised s_pk, b against the ShareKeys commitment), so a corrupted share can never put a wrong
/// secret into the aggregate. With exactly t shares a mismatch leaves nothing to try. With spare shares the search is:
/// <list type="number">
/// <item>the first t shares, holders already caught with a wrong share last (one attempt, the honest case);</item>
/// <item>for k = 1 … min(<see cref="MaxSharesLeftOut"/>, spares): the first t + k shares less any k of them
/// (C(t + k − 1, k) new subsets: those keeping the (t + k)-th; the others were level k − 1's), weights in O(t·k) each
/// from the window's.</item>
/// </list>
/// With s spare shares, up to min(2, s) wrong ones among the first t + min(2, s) are always found; more, or an owner
/// whose commitment is false, end in a typed abort. A subset that verifies names the wrong shares it left out (those
/// off its polynomial), and their holders go last for the round's remaining secrets, so a holder caught once costs no
/// further search. At most <see cref="MaxExtraAttempts"/> subsets beyond each secret's first are tried per round
/// (tests pass a smaller budget): the worst case is that many × (O(t) field operations and one SHA-256 or X25519
/// base-point multiplication), whatever n.
/// </summary>
internal sealed class SecretReconstruction(int threshold, int maxExtraAttempts = SecretReconstruction.MaxExtraAttempts)
{
    public const int MaxSharesLeftOut = 2;
    public const int MaxExtraAttempts = 1 << 16;

    private readonly Dictionary<string, LagrangeWeights> _weights = [];
    private readonly HashSet<int> _caught = [];
    private readonly List<DiscardedShare> _discarded = [];

    public IReadOnlyList<DiscardedShare> Discarded => _discarded;

    /// <summary>Subsets tried beyond each secret's first, so far this round.</summary>
    public int ExtraAttempts { get; private set; }

    /// <summary>The secret whose <paramref name="verify"/> holds, or null when no subset tried gives one.</summary>
    public byte[]? Reconstruct(int owner, SharedSecret kind, IReadOnlyList<(int Holder, ulong[] Share)> shares, Func<byte[], bool> verify)
    {
        var ordered = shares.OrderBy(s => _caught.Contains(s.Holder)).ThenBy(s => s.Holder).ToArray();
        var secret = new byte[ShamirSecretSharing.SecretSize];
        var first = ordered[..threshold];
        var firstWeights = CachedWeights(first.Select(s => s.Holder).ToArray());
        if (ShamirSecretSharing.TryCombine(firstWeights, first.Select(s => s.Share).ToArray(), secret) && verify(secret))
            return secret;

        var levels = Math.Min(MaxSharesLeftOut, ordered.Length - threshold);
        for (var k = 1; k <= levels && ExtraAttempts < maxExtraAttempts; k++)
        {
            var window = ordered[..(threshold + k)];
            var windowWeights = LagrangeWeights.AtZero(window.Select(s => s.Holder).ToArray());
            var excluded = Enumerable.Range(0, k).ToArray();
            var kept = new (int Holder, ulong[] Share)[threshold];
            var keptShares = new ulong[threshold][];
            do
            {
                ExtraAttempts++;
                for (int i = 0, j = 0, e = 0; i < window.Length; i++)
                {
                    if (e < k && excluded[e] == i)
                    {
                        e++;
                        continue;
                    }
                    kept[j] = window[i];
                    keptShares[j++] = window[i].Share;
                }
                if (ShamirSecretSharing.TryCombine(windowWeights.Without(excluded), keptShares, secret) && verify(secret))
                {
                    Identify(owner, kind, kept, excluded.Select(i => window[i]));
                    return secret;
                }
            }
            while (ExtraAttempts < maxExtraAttempts && NextCombination(excluded, threshold + k - 1));
        }
        CryptographicOperations.ZeroMemory(secret);
        return null;
    }

    /// <summary>
    /// A secret with nothing to check it against (a self-mask seed journalled before ShareKeys carried commitments): as
    /// then, the first t shares, and with a spare the next t must agree.
    /// </summary>
    public byte[]? ReconstructUnverified(IReadOnlyList<(int Holder, ulong[] Share)> shares)
    {
        var secret = Combine(shares.Take(threshold).ToArray());
        if (secret is null || shares.Count == threshold)
            return secret;
        var check = Combine(shares.Skip(1).Take(threshold).ToArray());
        var agree = check is not null && CryptographicOperations.FixedTimeEquals(secret, check);
        if (check is not null)
            CryptographicOperations.ZeroMemory(check);
        if (agree)
            return secret;
        CryptographicOperations.ZeroMemory(secret);
        return null;
    }

    private byte[]? Combine((int Holder, ulong[] Share)[] shares)
    {
        var secret = new byte[ShamirSecretSharing.SecretSize];
        var weights = CachedWeights(shares.Select(s => s.Holder).ToArray());
        return ShamirSecretSharing.TryCombine(weights, shares.Select(s => s.Share).ToArray(), secret) ? secret : null;
    }

    // The shares left out that the verified polynomial does not pass through were wrong; the rest were only set aside.
    private void Identify(int owner, SharedSecret kind, (int Holder, ulong[] Share)[] kept, IEnumerable<(int Holder, ulong[] Share)> leftOut)
    {
        var points = kept.Select(s => s.Holder).ToArray();
        var shares = kept.Select(s => s.Share).ToArray();
        foreach (var (holder, share) in leftOut)
        {
            var expected = ShamirSecretSharing.Interpolate(LagrangeWeights.At(points, (ulong)holder), shares);
            if (expected.AsSpan().SequenceEqual(share))
                continue;
            _discarded.Add(new DiscardedShare(holder, owner, kind));
            _caught.Add(holder);
        }
    }

    private LagrangeWeights CachedWeights(int[] points)
    {
        var key = string.Join(',', points);
        if (!_weights.TryGetValue(key, out var weights))
            _weights[key] = weights = LagrangeWeights.AtZero(points);
        return weights;
    }

    // The next k-subset of 0 … range − 1 in lexicographic order; false after the last.
    private static bool NextCombination(int[] indices, int range)
    {
        var k = indices.Length;
        for (var i = k - 1; i >= 0; i--)
        {
            if (indices[i] < range - k + i)
            {
                indices[i]++;
                for (var j = i + 1; j < k; j++)
                    indices[j] = indices[j - 1] + 1;
                return true;
            }
        }
        return false;
    }
}
