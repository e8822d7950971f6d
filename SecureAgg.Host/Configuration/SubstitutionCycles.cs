namespace SecureAgg.Host.Configuration;

/// <summary>
/// Refuses substitutions that depend on their own value. Akka's parser links <c>${x}</c> to the value at x and follows
/// links without a cycle check, so <c>a = ${a}</c>, <c>a { b = ${a} }</c> or <c>a = ${b}, b = ${a}</c> recurse until the
/// stack overflows. Resolving <c>${x}</c> needs every substitution written at x, inside x or at a parent of x; a cycle
/// of such needs is refused. (Stricter than HOCON, which lets <c>a = ${a} [1]</c> append to an earlier a: this parser
/// cannot.)
/// </summary>
public static class SubstitutionCycles
{
    public static void Check(IReadOnlyList<HoconTextCheck.Substitution> substitutions)
    {
        var state = new int[substitutions.Count]; // 0 unvisited, 1 on the current path, 2 done
        var path = new List<int>();
        for (var i = 0; i < substitutions.Count; i++)
            Visit(i);

        void Visit(int i)
        {
            if (state[i] == 2)
                return;
            if (state[i] == 1)
            {
                var cycle = path.Skip(path.IndexOf(i)).Append(i).Select(j => substitutions[j].Shown);
                var first = substitutions[i];
                throw new HoconTextException(first.Line, path[^1] == i
                    ? $"{first.Shown} depends on its own value (it is written at {string.Join('.', first.Location)})"
                    : $"{first.Shown} depends on its own value: {string.Join(" → ", cycle)}");
            }
            state[i] = 1;
            path.Add(i);
            for (var j = 0; j < substitutions.Count; j++)
            {
                if (Related(substitutions[i].Target, substitutions[j].Location))
                    Visit(j);
            }
            path.RemoveAt(path.Count - 1);
            state[i] = 2;
        }
    }

    // One path lies inside the other (or they are equal), so resolving one reads the other.
    private static bool Related(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var common = Math.Min(a.Count, b.Count);
        for (var i = 0; i < common; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
                return false;
        }
        return true;
    }
}
