namespace SecureAgg.Tests.Architecture;

/// <summary>The strongly connected components of more than one namespace (Tarjan), each sorted, in sorted order.</summary>
public static class NamespaceCycles
{
    public static IReadOnlyList<string[]> Find(IEnumerable<(string From, string To)> edges)
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var (from, to) in edges)
        {
            graph.TryAdd(from, []);
            graph.TryAdd(to, []);
            graph[from].Add(to);
        }
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<string[]>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph[node])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                    low[node] = Math.Min(low[node], index[next]);
            }
            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != node);
            if (component.Count > 1)
                components.Add(component.Order(StringComparer.Ordinal).ToArray());
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node))
                Visit(node);
        return components.OrderBy(c => c[0], StringComparer.Ordinal).ToList();
    }
}
