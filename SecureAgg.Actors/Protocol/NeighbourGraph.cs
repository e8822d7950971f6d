using SecureAgg.Crypto;

namespace SecureAgg.Protocol;

/// <summary>
/// Who masks with whom and who holds whose shares. The complete graph is SecAgg; SecAgg+ uses a Harary k-regular
/// graph laid over a seeded random permutation of the clients (Bell et al. 2020), so every client has k neighbours.
/// Client ids are 1..n. The graph is public: server and clients build it from the same seed.
/// </summary>
public sealed class NeighbourGraph
{
    private readonly int[][]? _closed;
    private readonly int[]? _everyone;

    private NeighbourGraph(int clientCount, int[][]? closed)
    {
        ClientCount = clientCount;
        _closed = closed;
        if (closed is null)
            _everyone = Enumerable.Range(1, clientCount).ToArray();
    }

    public int ClientCount { get; }

    public bool IsComplete => _closed is null;

    public static NeighbourGraph Complete(int clientCount) => new(clientCount, null);

    public static NeighbourGraph For(ProtocolParameters parameters, ReadOnlySpan<byte> graphSeed) =>
        parameters.IsComplete ? Complete(parameters.ClientCount) : Harary(parameters.ClientCount, parameters.Neighbours!.Value, graphSeed);

    /// <summary>H(k, n): position i joins i ± 1..⌊k/2⌋, and for odd k also i + n/2 (n even).</summary>
    public static NeighbourGraph Harary(int clientCount, int k, ReadOnlySpan<byte> graphSeed)
    {
        if (k >= clientCount - 1)
            return Complete(clientCount);
        if (k < 2)
            throw new ArgumentException($"A Harary graph needs k ≥ 2, got {k}.", nameof(k));
        if (k % 2 == 1 && clientCount % 2 == 1)
            throw new ArgumentException($"A k-regular Harary graph with odd k = {k} needs an even n, got {clientCount}.", nameof(k));

        var order = PrgPermutation.Of(clientCount, graphSeed);
        var sets = new SortedSet<int>[clientCount];
        for (var i = 0; i < clientCount; i++)
            sets[i] = [order[i]];
        void Join(int a, int b)
        {
            sets[a].Add(order[b]);
            sets[b].Add(order[a]);
        }
        for (var i = 0; i < clientCount; i++)
        {
            for (var step = 1; step <= k / 2; step++)
                Join(i, (i + step) % clientCount);
            if (k % 2 == 1 && i < clientCount / 2)
                Join(i, i + clientCount / 2);
        }

        var closed = new int[clientCount][];
        for (var i = 0; i < clientCount; i++)
            closed[order[i] - 1] = sets[i].ToArray();
        return new NeighbourGraph(clientCount, closed);
    }

    /// <summary>u and its neighbours, ascending.</summary>
    public IReadOnlyList<int> ClosedNeighbourhood(int client)
    {
        CheckClient(client);
        return _everyone ?? _closed![client - 1];
    }

    public bool InClosedNeighbourhood(int client, int other)
    {
        CheckClient(client);
        if (other < 1 || other > ClientCount)
            return false;
        return _closed is null || Array.BinarySearch(_closed[client - 1], other) >= 0;
    }

    /// <summary>How many connected pieces the graph restricted to <paramref name="members"/> falls into.</summary>
    public int ComponentCount(IReadOnlyCollection<int> members)
    {
        if (_closed is null || members.Count == 0)
            return members.Count == 0 ? 0 : 1;
        var inSet = new bool[ClientCount + 1];
        foreach (var u in members)
            inSet[u] = true;
        var seen = new bool[ClientCount + 1];
        var pieces = 0;
        var frontier = new Stack<int>();
        foreach (var start in members)
        {
            if (seen[start])
                continue;
            pieces++;
            seen[start] = true;
            frontier.Push(start);
            while (frontier.TryPop(out var u))
            {
                foreach (var v in _closed[u - 1])
                {
                    if (inSet[v] && !seen[v])
                    {
                        seen[v] = true;
                        frontier.Push(v);
                    }
                }
            }
        }
        return pieces;
    }

    private void CheckClient(int client)
    {
        if (client < 1 || client > ClientCount)
            throw new ArgumentOutOfRangeException(nameof(client), client, $"Client ids run from 1 to {ClientCount}.");
    }
}
