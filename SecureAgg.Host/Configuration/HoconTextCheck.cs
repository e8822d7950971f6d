namespace SecureAgg.Host.Configuration;

/// <summary>
/// Refuses, with the line, a HOCON text that Akka's parser would crash on or silently misread (<see cref="HoconLimits"/>):
/// an unclosed or stray bracket (the parser ignores everything after a stray <c>}</c> and accepts an unclosed
/// <c>{</c>), nesting or dotted paths past the limits, and substitutions that depend on their own value. It follows
/// keys only as far as it needs to know where each substitution sits; everything else is left to the parser.
/// </summary>
public static class HoconTextCheck
{
    /// <summary>A substitution <c>${Target}</c> written in the value at <see cref="Location"/>.</summary>
    public sealed record Substitution(IReadOnlyList<string> Location, IReadOnlyList<string> Target, int Line)
    {
        public string Shown => "${" + string.Join('.', Target) + "}";
    }

    private sealed class Frame(char open, int line, IReadOnlyList<string> path, int nesting)
    {
        public char Open { get; } = open;
        public int Line { get; } = line;
        public IReadOnlyList<string> Path { get; } = path;
        public int Nesting { get; } = nesting;

        /// <summary>In an object: the dotted key read so far, or null once its value began.</summary>
        public List<string>? Key { get; set; } = [];

        public string Segment { get; set; } = "";

        /// <summary>In an object: the path whose value is being read.</summary>
        public IReadOnlyList<string>? ValuePath { get; set; }
    }

    public static void Check(string text)
    {
        var stack = new Stack<Frame>();
        stack.Push(new Frame('{', 0, [], 0));
        var substitutions = new List<Substitution>();
        foreach (var token in HoconLexer.Tokens(text))
        {
            var frame = stack.Peek();
            switch (token.Kind)
            {
                case HoconTokenKind.ObjectStart or HoconTokenKind.ArrayStart:
                {
                    var (path, nesting) = Open(frame, token.Line);
                    if (nesting > HoconLimits.MaxNesting)
                        throw new HoconTextException(token.Line, $"nesting deeper than {HoconLimits.MaxNesting} levels");
                    stack.Push(new Frame(token.Kind == HoconTokenKind.ObjectStart ? '{' : '[', token.Line, path, nesting)
                        { Key = token.Kind == HoconTokenKind.ObjectStart ? [] : null });
                    break;
                }
                case HoconTokenKind.ObjectEnd or HoconTokenKind.ArrayEnd:
                {
                    var close = token.Text[0];
                    var opens = close == '}' ? '{' : '[';
                    if (stack.Count == 1)
                        throw new HoconTextException(token.Line, close == '}' ? "'}' closes nothing (the parser would ignore the rest of the file)" : "']' closes nothing");
                    if (frame.Open != opens)
                        throw new HoconTextException(token.Line, $"'{close}' closes the '{frame.Open}' opened on line {frame.Line}");
                    stack.Pop();
                    break;
                }
                case HoconTokenKind.Assign when frame.Open == '{' && frame.Key is not null:
                    frame.ValuePath = KeyPath(frame, token.Line);
                    frame.Key = null;
                    break;
                case HoconTokenKind.Newline or HoconTokenKind.Comma when frame.Open == '{':
                    frame.Key = [];
                    frame.Segment = "";
                    frame.ValuePath = null;
                    break;
                case HoconTokenKind.Text:
                    CheckSegments(token.Text.Split('.').Length, token.Line, "a dotted key or value");
                    if (frame.Key is not null)
                        AddToKey(frame, token.Text);
                    break;
                case HoconTokenKind.Quoted when frame.Key is not null:
                    frame.Segment += token.Text;
                    break;
                case HoconTokenKind.Substitution:
                {
                    var target = token.Text.Trim().Split('.');
                    CheckSegments(target.Length, token.Line, "a substitution's path");
                    substitutions.Add(new Substitution(frame.ValuePath ?? frame.Path, target, token.Line));
                    if (substitutions.Count > HoconLimits.MaxSubstitutions)
                        throw new HoconTextException(token.Line, $"more than {HoconLimits.MaxSubstitutions} substitutions");
                    break;
                }
            }
        }
        if (stack.Count > 1)
        {
            var open = stack.Peek();
            throw new HoconTextException(open.Line, $"'{open.Open}' is never closed");
        }
        SubstitutionCycles.Check(substitutions);
    }

    // An object or list opens at the key just read (a.b { … }, its segments are its levels), at the value being read
    // (a.b = { … }), or one level below a list or a bare brace.
    private static (IReadOnlyList<string> Path, int Nesting) Open(Frame frame, int line)
    {
        if (frame.Open == '{' && frame.Key is { } key && (key.Count > 0 || frame.Segment.Length > 0))
        {
            frame.ValuePath = KeyPath(frame, line);
            frame.Key = null;
        }
        var at = frame.ValuePath ?? frame.Path;
        return (at, frame.Nesting + Math.Max(1, at.Count - frame.Path.Count));
    }

    private static void AddToKey(Frame frame, string text)
    {
        var parts = text.Split('.');
        frame.Segment += parts[0];
        foreach (var part in parts.Skip(1))
        {
            frame.Key!.Add(frame.Segment);
            frame.Segment = part;
        }
    }

    private static IReadOnlyList<string> KeyPath(Frame frame, int line)
    {
        var path = frame.Path.Concat(frame.Key!).Append(frame.Segment).ToArray();
        if (frame.Nesting + path.Length - frame.Path.Count > HoconLimits.MaxNesting)
            throw new HoconTextException(line, $"nesting deeper than {HoconLimits.MaxNesting} levels");
        return path;
    }

    private static void CheckSegments(int segments, int line, string what)
    {
        if (segments > HoconLimits.MaxPathSegments)
            throw new HoconTextException(line, $"{what} with {segments} segments; at most {HoconLimits.MaxPathSegments}");
    }
}
